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
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
  }
}

async function getJson<T>(path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, value);
  const url = query.size ? `${path}?${query}` : path;
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) {
    let title = response.statusText || `HTTP ${response.status}`;
    let detail: string | undefined;
    try {
      const body = (await response.json()) as { title?: string; detail?: string };
      title = body.title ?? title;
      detail = body.detail;
    } catch {
      // Not JSON (e.g. a proxy error page): the status line is all we have.
    }
    throw new ApiError(response.status, title, detail);
  }
  return (await response.json()) as T;
}

const V1 = '/api/v1';

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
