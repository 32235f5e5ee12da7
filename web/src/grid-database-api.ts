/**
 * The grid database (/api/v1/imports, /entities, /stats): the shapes come from the server's own
 * routes (type-only imports, erased in the bundle), so a changed answer breaks the type check.
 * Imports are the signed-in user's (the session cookie); exports are plain links the browser
 * downloads with that cookie.
 */
import type { ExtractSchema } from 'hono/types';
import type { entityRoutes } from '../../api/entities/routes.ts';
import type { importRoutes } from '../../api/imports/routes.ts';
import type { Encoding, ImportFormatName, Mapping, Srid } from '../../api/imports/schema.ts';
import type { statsRoutes } from '../../api/stats/routes.ts';
import { getJson, requestJson, V1 } from './api.ts';

export type { Encoding, ImportFormatName, Mapping, Srid };
/** The choices of the import form, in the API's own terms (a value the API drops fails the type check). */
export const ENCODINGS = ['auto', 'utf-8', 'gbk', 'gb18030'] as const satisfies readonly Encoding[];
export const SRIDS = [4326, 4490, 4549, 4528] as const satisfies readonly Srid[];

type ImportSchema = ExtractSchema<ReturnType<typeof importRoutes>>;
type EntitySchema = ExtractSchema<ReturnType<typeof entityRoutes>>;
type StatsSchema = ExtractSchema<ReturnType<typeof statsRoutes>>;

/** An import job as GET /imports/{id} answers it: status, progress, counts, the first rejections. */
export type ImportJobView = ImportSchema['/imports/:id']['$get']['output'];
export type ImportStatus = ImportJobView['status'];
export type ImportCounts = ImportJobView['counts'];
export type RejectionView = ImportJobView['rejections']['first'][number];
/** A page of records (personal fields masked as the signed-in user's role requires); the other answer is an export's stream. */
export type EntityPageView = Extract<EntitySchema['/entities']['$get']['output'], { items: unknown }>;
export type EntityView = EntityPageView['items'][number];
export type StatsView = StatsSchema['/stats']['$get']['output'];
export type StatsLevel = StatsView['level'];
export type CategoryCountView = StatsView['entities']['byCategory'][number];
/** Every grid of an area with its count of a category (GET /stats/grids). */
export type GridCountsView = StatsSchema['/stats/grids']['$get']['output'];

/** What an import is asked to do (query parameters of POST /imports/jobs). */
export interface ImportRequest {
  filename: string;
  format?: ImportFormatName;
  encoding: Encoding;
  category?: string;
  srid: Srid;
  mapping?: Mapping;
}

/** The records' filters, as GET /entities takes them (every field optional). */
export interface EntityFilter {
  category?: string;
  street?: string;
  community?: string;
  grid?: string;
}

const importParams = (request: ImportRequest): Record<string, string | undefined> => ({
  filename: request.filename,
  format: request.format,
  encoding: request.encoding,
  category: request.category,
  srid: String(request.srid),
  mapping: request.mapping && Object.keys(request.mapping).length ? JSON.stringify(request.mapping) : undefined,
});

/** The address of a streamed export of every record matching `filter`. */
export function entityExportHref(filter: EntityFilter, format: 'csv' | 'geojson'): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  query.set('format', format);
  return `${V1}/entities?${query}`;
}

export const gridDatabaseApi = {
  /** Creates a pending job (201): its id exists before the upload starts, so the page can poll it. */
  createImport: async (request: ImportRequest) =>
    (await requestJson<ImportJobView>(`${V1}/imports/jobs`, { method: 'POST', params: importParams(request) })).body,
  /** Sends the file as the raw body; answers once the job is done (or throws its 400 when it failed). */
  upload: async (id: number, file: Blob, signal?: AbortSignal) =>
    (await requestJson<ImportJobView>(`${V1}/imports/${id}/data`, { method: 'PUT', body: file, headers: { 'content-type': 'application/octet-stream' }, signal })).body,
  job: (id: number, signal?: AbortSignal) => getJson<ImportJobView>(`${V1}/imports/${id}`, {}, signal),
  recentImports: (limit = 20) => getJson<{ imports: ImportJobView[] }>(`${V1}/imports`, { limit: String(limit) }),
  records: (filter: EntityFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    getJson<EntityPageView>(`${V1}/entities`, { ...filter, cursor: cursor ?? undefined, limit: String(limit) }, signal),
  stats: (level: StatsLevel, code?: string, signal?: AbortSignal) => getJson<StatsView>(`${V1}/stats`, { level, code }, signal),
  gridCounts: (code: string, category: string | undefined, signal?: AbortSignal) =>
    getJson<GridCountsView>(`${V1}/stats/grids`, { code, category }, signal),
};
