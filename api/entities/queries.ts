/**
 * Grid-database records by category, grid, community, street and bounding box, in id order
 * (keyset paging: `id > after`, so every page costs the same and an export never holds a
 * transaction or a server-side cursor open). Grid codes nest, so a community or street is a
 * range of grid codes, which the (grid_code, category_code) index serves.
 */
import type { Queryable } from '../db/database.ts';
import type { BBox } from '../http/params.ts';
import { maskRecord, maskSourceKey } from '../privacy/index.ts';

export interface EntityFilter {
  category?: string;
  grid?: string;
  community?: string;
  street?: string;
  bbox?: BBox;
}

export interface Entity {
  id: number;
  category: string;
  categoryName: string;
  sourceKey: string | null;
  grid: string | null;
  community: string | null;
  street: string | null;
  lon: number;
  lat: number;
  h3: { r7: string; r8: string; r9: string; r10: string };
  attrs: Record<string, unknown>;
  updatedAt: string;
}

interface EntityRow {
  id: number;
  category_code: string;
  name_zh: string;
  personal: boolean;
  source_key: string | null;
  grid_code: string | null;
  lon: number;
  lat: number;
  r7: string;
  r8: string;
  r9: string;
  r10: string;
  /** JSON text (sql/006). */
  attrs: string;
  updated_at: Date;
}

function where(filter: EntityFilter, params: unknown[]): string {
  const clauses: string[] = [];
  if (filter.category) clauses.push(`e.category_code = $${params.push(filter.category)}`);
  // Digits only, so every code starting with P lies in [P, P || ':').
  const prefix = filter.grid ?? filter.community ?? filter.street;
  if (filter.grid) clauses.push(`e.grid_code = $${params.push(filter.grid)}`);
  else if (prefix) clauses.push(`e.grid_code >= $${params.push(prefix)} AND e.grid_code < $${params.push(prefix + ':')}`);
  if (filter.bbox) {
    const [x0, y0, x1, y1] = filter.bbox;
    const box = `ST_MakeEnvelope($${params.push(x0)}, $${params.push(y0)}, $${params.push(x1)}, $${params.push(y1)}, 4326)`;
    // entity has no spatial index (sql/004): the grids the box touches (any version: a record
    // keeps the grid it was assigned) narrow the rows down through entity's grid index;
    // records outside every grid are few.
    clauses.push(`e.geom && ${box} AND (e.grid_code IS NULL OR e.grid_code IN (SELECT code FROM grid WHERE geom && ${box}))`);
  }
  return clauses.map((c) => ` AND ${c}`).join('');
}

/**
 * How many records match a filter without a bbox, from grid_category_count (exact, and a few
 * milliseconds at full scale); null with a bbox.
 */
export async function matchCount(pool: Queryable, filter: EntityFilter): Promise<number | null> {
  if (filter.bbox) return null;
  const prefix = filter.grid ?? filter.community ?? filter.street ?? '';
  const { rows } = await pool.query<{ n: number }>(
    `SELECT coalesce(sum(n), 0)::float8 AS n FROM grid_category_count
     WHERE ($1 = '' OR (grid_code >= $1 AND grid_code < $1 || ':')) AND ($2::text IS NULL OR category_code = $2)`,
    [prefix, filter.category ?? null],
  );
  return rows[0].n;
}

/** Up to this many matches, a page is read by index and sorted (api/entities/routes.ts, bench:queries). */
export const PAGE_SORTABLE = 200_000;

/**
 * The planner walks the primary key in id order and filters, which is right for common
 * matches and slow for rare ones (a grid: 1.7 s at full scale). Ordering by `id + 0` hides the
 * key's order, so it reads the few matches by the (grid_code, category_code) index and sorts
 * them (9 ms). Chosen by the exact count of matches.
 */
export function orderFor(count: number | null, sortable: number): string {
  return count !== null && count <= sortable ? 'e.id + 0' : 'e.id';
}

/** Up to `limit` records after id `after`, with personal data masked unless `unmasked`. */
export async function entityPage(pool: Queryable, filter: EntityFilter, after: number, limit: number, unmasked = false, order = 'e.id'): Promise<Entity[]> {
  const params: unknown[] = [after, limit];
  const { rows } = await pool.query<EntityRow>(
    `SELECT e.id::float8 AS id, e.category_code, c.name_zh, c.personal, e.source_key, e.grid_code,
            ST_X(e.geom) AS lon, ST_Y(e.geom) AS lat, e.h3_r7::text AS r7, e.h3_r8::text AS r8, e.h3_r9::text AS r9,
            e.h3_r10::text AS r10, e.attrs, e.updated_at
     FROM entity e JOIN category c ON c.code = e.category_code
     WHERE e.id > $1${where(filter, params)}
     ORDER BY ${order} LIMIT $2`,
    params,
  );
  return rows.map((row) => {
    const attrs = JSON.parse(row.attrs) as Record<string, unknown>;
    return {
      id: row.id,
      category: row.category_code,
      categoryName: row.name_zh,
      sourceKey: unmasked ? row.source_key : maskSourceKey(row.source_key, { personal: row.personal }),
      grid: row.grid_code,
      community: row.grid_code?.slice(0, 12) ?? null,
      street: row.grid_code?.slice(0, 9) ?? null,
      lon: row.lon,
      lat: row.lat,
      h3: { r7: row.r7, r8: row.r8, r9: row.r9, r10: row.r10 },
      attrs: unmasked ? attrs : maskRecord(attrs, { personal: row.personal }),
      updatedAt: row.updated_at.toISOString(),
    };
  });
}

const EXPORT_BATCH = 5_000;

/** Every record after `after` (at most `max`), a batch at a time, for streamed exports. */
/** Runs reads in the reader's scope (a transaction of its own per call: an export holds none open between batches). */
export type ScopedRead = <T>(work: (db: Queryable) => Promise<T>) => Promise<T>;

export async function* entityBatches(read: ScopedRead, filter: EntityFilter, after: number, max: number, unmasked = false): AsyncGenerator<Entity[]> {
  // Each batch sorts what is left, so sorting pays only for a few batches.
  const order = orderFor(await read((db) => matchCount(db, filter)), 4 * EXPORT_BATCH);
  let left = max;
  let last = after;
  while (left > 0) {
    const batch = await read((db) => entityPage(db, filter, last, Math.min(EXPORT_BATCH, left), unmasked, order));
    if (batch.length === 0) return;
    yield batch;
    left -= batch.length;
    last = batch[batch.length - 1].id;
  }
}
