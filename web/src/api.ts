/** Typed fetch helpers for the Lianqin HTTP API (`/api/v1`). Errors are RFC 9457 problem+json. */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];
export type AreaGeometry = Polygon | MultiPolygon;

export interface Health {
  status: 'ok';
  database: 'embedded' | 'postgres';
  postgis: string;
}

export interface ClientConfig {
  basemapStyleUrl: string | null;
}

export type DivisionLevel = 'district' | 'street' | 'community';

export interface DivisionProperties {
  code: string;
  name: string;
  level: DivisionLevel;
  kind: string;
  parentCode: string | null;
  areaKm2: number;
}

export interface Division extends DivisionProperties {
  geometry: AreaGeometry;
}

export type GridKind = 'urban' | 'rural';

export interface GridProperties {
  code: string;
  name: string;
  kind: GridKind;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  households: number;
  population: number;
  areaKm2: number;
}

export const STAFF_ROLES = [
  'grid_leader',
  'policy_publicist',
  'information_officer',
  'aid_officer',
  'dispute_mediator',
  'building_head',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ENTITY_DOMAINS = [
  'resident_population',
  'registered_population',
  'floating_population',
  'legal_entity',
  'city_component',
] as const;
export type EntityDomain = (typeof ENTITY_DOMAINS)[number];

export interface CodeName {
  code: string;
  name: string;
}

export interface GridDetail {
  code: string;
  name: string;
  kind: GridKind;
  households: number;
  population: number;
  areaKm2: number;
  version: number;
  validFrom: string;
  district: CodeName;
  street: CodeName;
  community: CodeName;
  staff: { role: StaffRole; name: string; phone: string | null }[];
  stats: { entities: { total: number; byDomain: Partial<Record<EntityDomain, number>> } };
  geometry: AreaGeometry;
}

export type SearchHitType = 'street' | 'community' | 'grid';

export interface SearchHit {
  type: SearchHitType;
  code: string;
  name: string;
  parentName: string | null;
  bbox: Bbox;
}

export type DivisionCollection = FeatureCollection<AreaGeometry, DivisionProperties>;
export type GridCollection = FeatureCollection<AreaGeometry, GridProperties>;
export type GridFeature = Feature<AreaGeometry, GridProperties>;

/** A failed API call, carrying the problem+json body when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    /** The whole problem+json body (extensions such as `allowedActions` included), or {}. */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }
}

let onUnauthorized: (() => void) | null = null;

/**
 * What to do when the API answers 401 (the session expired or was revoked): the staff pages send
 * the user to the login page. Requests marked `allowUnauthorized` (who am I, sign in) are exempt.
 */
export function whenUnauthorized(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  params?: Record<string, string | undefined>;
  /** A plain object is sent as JSON; FormData as multipart; a Blob (a file) as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** A 401 is an answer, not a lost session (GET /auth/me, POST /auth/login). */
  allowUnauthorized?: boolean;
}

/** One API request; a non-2xx answer throws an ApiError with the server's problem+json. */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<{ body: T; response: Response }> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options.params ?? {})) if (value !== undefined && value !== '') query.set(key, value);
  const url = query.size ? `${path}?${query}` : path;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || options.body instanceof Blob) body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  if (!response.ok) {
    let title = response.statusText || `HTTP ${response.status}`;
    let detail: string | undefined;
    let problem: Record<string, unknown> = {};
    try {
      problem = (await response.json()) as Record<string, unknown>;
      if (typeof problem.title === 'string') title = problem.title;
      if (typeof problem.detail === 'string') detail = problem.detail;
    } catch {
      // Not JSON (e.g. a proxy error page): the status line is all we have.
    }
    if (response.status === 401 && !options.allowUnauthorized) onUnauthorized?.();
    throw new ApiError(response.status, title, detail, problem);
  }
  // 204 No Content (sign out): there is no body to parse.
  return { body: (response.status === 204 ? undefined : await response.json()) as T, response };
}

export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
  return (await requestJson<T>(path, { params, signal })).body;
}

export const V1 = '/api/v1';

export const api = {
  health: () => getJson<Health>(`${V1}/health`),
  config: () => getJson<ClientConfig>(`${V1}/config`),
  division: (code: string) => getJson<Division>(`${V1}/divisions/${encodeURIComponent(code)}`),
  divisions: (level: 'street' | 'community', parent?: string) =>
    getJson<DivisionCollection>(`${V1}/divisions`, { level, parent, format: 'geojson' }),
  grids: (filter: { bbox?: Bbox; street?: string; community?: string } = {}) =>
    getJson<GridCollection>(`${V1}/grids`, {
      bbox: filter.bbox?.join(','),
      street: filter.street,
      community: filter.community,
    }),
  grid: (code: string, signal?: AbortSignal) => getJson<GridDetail>(`${V1}/grids/${encodeURIComponent(code)}`, {}, signal),
  search: (q: string, limit = 20, signal?: AbortSignal) =>
    getJson<{ items: SearchHit[] }>(`${V1}/search`, { q, limit: String(limit) }, signal),
};
