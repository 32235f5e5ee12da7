/**
 * Grid-database records by category, grid, community, street and bounding box, in id order
 * (keyset paging: `id > after`, so every page costs the same and an export never holds a
 * transaction or a server-side cursor open). Grid codes nest, so a community or street is a
 * range of grid codes, which the (grid_code, category_code) index serves; a bounding box is
 * `geom && envelope`, which the GiST index on geom serves.
 */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { first, qb, rows } from '../db/query.ts';
import type { BBox } from '../http/params.ts';
import { maskRecord, maskSourceKey } from '../privacy/index.ts';
import { h3At } from './h3.ts';

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

/**
 * The grid codes a community or street code covers, as an inclusive range: grid codes are 15
 * digits, and among strings of digits every collation puts a prefix before its extensions.
 */
function gridRange(prefix: string): [string, string] {
  return [prefix, prefix.padEnd(15, '9')];
}

/**
 * How many records match a filter without a bbox, from grid_category_count (exact, and a few
 * milliseconds at full scale); null with a bbox.
 */
export async function matchCount(db: Queryable, filter: EntityFilter): Promise<number | null> {
  if (filter.bbox) return null;
  const prefix = filter.community ?? filter.street;
  const query = qb
    .selectFrom('grid_category_count')
    .select(sql<number>`coalesce(sum(n), 0)::float8`.as('n'))
    .$if(filter.grid !== undefined, (q) => q.where('grid_code', '=', filter.grid!))
    .$if(filter.grid === undefined && prefix !== undefined, (q) => q.where('grid_code', '>=', gridRange(prefix!)[0]).where('grid_code', '<=', gridRange(prefix!)[1]))
    .$if(filter.category !== undefined, (q) => q.where('category_code', '=', filter.category!));
  return (await first(db, query))!.n;
}

/** Up to this many matches, a page is read by index and sorted (api/entities/routes.ts, bench:queries). */
export const PAGE_SORTABLE = 200_000;

/** `key`: walk the primary key in id order; `sort`: read the matches by another index and sort them. */
export type PageOrder = 'key' | 'sort';

/**
 * The planner walks the primary key in id order and filters, which is right for common
 * matches and slow for rare ones (a grid: 1.7 s at full scale). Ordering by `id + 0` hides the
 * key's order, so it reads the few matches by the (grid_code, category_code) index and sorts
 * them (9 ms). Chosen by the exact count of matches; with a bbox (no count) the planner
 * chooses, from its estimate of the box.
 */
export function orderFor(count: number | null, sortable: number): PageOrder {
  return count !== null && count <= sortable ? 'sort' : 'key';
}

/** The query of a page: records after id `after` matching `filter`, in id order. */
export function entityPageQuery(filter: EntityFilter, after: number, limit: number, order: PageOrder = 'key') {
  const prefix = filter.community ?? filter.street;
  const bbox = filter.bbox;
  return qb
    .selectFrom('entity as e')
    .innerJoin('category as c', 'c.code', 'e.category_code')
    .select([
      sql<number>`e.id::float8`.as('id'),
      'e.category_code',
      'c.name_zh',
      'c.personal',
      'e.source_key',
      'e.grid_code',
      sql<number>`ST_X(e.geom)`.as('lon'),
      sql<number>`ST_Y(e.geom)`.as('lat'),
      h3At('e.h3_r10', 7).as('r7'),
      h3At('e.h3_r10', 8).as('r8'),
      h3At('e.h3_r10', 9).as('r9'),
      h3At('e.h3_r10', 10).as('r10'),
      'e.attrs',
      'e.updated_at',
    ])
    .where('e.id', '>', String(after))
    .$if(filter.category !== undefined, (q) => q.where('e.category_code', '=', filter.category!))
    .$if(filter.grid !== undefined, (q) => q.where('e.grid_code', '=', filter.grid!))
    .$if(filter.grid === undefined && prefix !== undefined, (q) => q.where('e.grid_code', '>=', gridRange(prefix!)[0]).where('e.grid_code', '<=', gridRange(prefix!)[1]))
    .$if(bbox !== undefined, (q) => q.where(sql<boolean>`e.geom && ST_MakeEnvelope(${bbox![0]}, ${bbox![1]}, ${bbox![2]}, ${bbox![3]}, 4326)`))
    .orderBy(order === 'sort' ? sql`e.id + 0` : sql`e.id`)
    .limit(limit);
}

/** Up to `limit` records after id `after`, with personal data masked unless `unmasked`. */
export async function entityPage(db: Queryable, filter: EntityFilter, after: number, limit: number, unmasked = false, order: PageOrder = 'key'): Promise<Entity[]> {
  const found = await rows(db, entityPageQuery(filter, after, limit, order));
  return found.map((row) => ({
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
    attrs: unmasked ? row.attrs : maskRecord(row.attrs, { personal: row.personal }),
    updatedAt: row.updated_at.toISOString(),
  }));
}

const EXPORT_BATCH = 5_000;

/** Runs reads in the reader's scope (a transaction of its own per call: an export holds none open between batches). */
export type ScopedRead = <T>(work: (db: Queryable) => Promise<T>) => Promise<T>;

/** Every record after `after` (at most `max`), a batch at a time, for streamed exports. */
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
