/**
 * The client of the Lianqin HTTP API (`/api/v1`): one Hono `hc` client per domain, typed by
 * that domain's routes (type-only imports, erased in the bundle), so an answer the server changes
 * breaks the type check here. Requests carry the session cookie (same origin); a non-2xx answer
 * throws an ApiError with the server's RFC 9457 problem+json.
 */
import { hc } from 'hono/client';
import type { Hono } from 'hono';
import type { DivisionRoutes } from '../../api/divisions/routes.ts';
import type { GridRoutes } from '../../api/grids/routes.ts';
import type { HealthRoutes } from '../../api/health/routes.ts';
import type { SearchRoutes } from '../../api/search/routes.ts';

export type { AreaGeometry } from '../../api/http/json-text.ts';
export type { DivisionCollection } from '../../api/divisions/routes.ts';
export type { GridCollection, GridProperties } from '../../api/grids/routes.ts';
/** One grid of a GridCollection. */
export type GridFeature = import('../../api/grids/routes.ts').GridCollection['features'][number];
export type { Division as DivisionProperties, DivisionLevel } from '../../api/divisions/queries.ts';

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

export const STAFF_ROLES = [
  'grid_leader',
  'policy_publicist',
  'information_officer',
  'aid_officer',
  'dispute_mediator',
  'building_head',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** The server sends a staff role as stored; the page names the roles it knows. */
export const isStaffRole = (role: string): role is StaffRole => (STAFF_ROLES as readonly string[]).includes(role);

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

/** Throws an ApiError for a non-2xx answer (after telling whenUnauthorized of a 401); else returns it. */
async function checked(response: Response, allowUnauthorized: boolean): Promise<Response> {
  if (response.ok) return response;
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
  if (response.status === 401 && !allowUnauthorized) onUnauthorized?.();
  throw new ApiError(response.status, title, detail, problem);
}

/**
 * One API request outside the typed clients (multipart uploads and raw file bodies, which no
 * route schema describes); a non-2xx answer throws an ApiError with the server's problem+json.
 */
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
  const response = await checked(await fetch(url, { method: options.method ?? 'GET', headers, body, signal: options.signal, credentials: 'same-origin' }), options.allowUnauthorized ?? false);
  // 204 No Content (sign out): there is no body to parse.
  return { body: (response.status === 204 ? undefined : await response.json()) as T, response };
}

/** A GET outside the typed clients (routes whose module exports no route type yet). */
export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}, signal?: AbortSignal): Promise<T> {
  return (await requestJson<T>(path, { params, signal })).body;
}

export const V1 = '/api/v1';

/** Query parameters as the pages used to send them: empty and undefined values are left out. */
function searchParams(query: Record<string, string | string[]>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined && v !== '') params.append(key, v);
  }
  return params;
}

/**
 * The typed client of one domain's routes (`client<GridRoutes>()`), each mounted under /api/v1.
 * Path parameters are not encoded by hc: pass them through encodeURIComponent.
 */
export function client<T extends Hono<any, any, any>>(options: { allowUnauthorized?: boolean } = {}) {
  const allowUnauthorized = options.allowUnauthorized ?? false;
  return hc<T>(V1, {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => checked(await fetch(input, init), allowUnauthorized),
    init: { credentials: 'same-origin' },
    headers: { accept: 'application/json' },
    buildSearchParams: searchParams,
  });
}

/** The JSON body of a typed client's answer (errors have been thrown as ApiError by then). */
export async function read<R extends { json(): Promise<unknown> }>(request: Promise<R>): Promise<Awaited<ReturnType<R['json']>>> {
  return (await (await request).json()) as Awaited<ReturnType<R['json']>>;
}

const path = encodeURIComponent;
const signalled = (signal?: AbortSignal) => (signal ? { init: { signal } } : undefined);

const health = client<HealthRoutes>();
const divisions = client<DivisionRoutes>();
const grids = client<GridRoutes>();
const search = client<SearchRoutes>();

export type Health = Awaited<ReturnType<typeof api.health>>;
export type ClientConfig = Awaited<ReturnType<typeof api.config>>;
export type Division = Awaited<ReturnType<typeof api.division>>;
export type GridDetail = Awaited<ReturnType<typeof api.grid>>;
export type SearchHit = Awaited<ReturnType<typeof api.search>>['items'][number];

export const api = {
  health: () => read(health.health.$get()),
  config: () => read(health.config.$get()),
  division: (code: string) => read(divisions.divisions[':code'].$get({ param: { code: path(code) } })),
  divisions: async (level: 'street' | 'community', parent?: string) => {
    const body = await read(divisions.divisions.$get({ query: { level, parent, format: 'geojson' } }));
    if (!('features' in body)) throw new Error('GET /divisions?format=geojson answered without features');
    return body;
  },
  grids: (filter: { bbox?: Bbox; street?: string; community?: string } = {}) =>
    read(grids.grids.$get({ query: { bbox: filter.bbox?.join(','), street: filter.street, community: filter.community } })),
  grid: (code: string, signal?: AbortSignal) => read(grids.grids[':code'].$get({ param: { code: path(code) } }, signalled(signal))),
  search: (q: string, limit = 20, signal?: AbortSignal) => read(search.search.$get({ query: { q, limit: String(limit) } }, signalled(signal))),
};
