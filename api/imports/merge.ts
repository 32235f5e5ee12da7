/**
 * The merge: an import's load table → entity in one transaction, with the job's final state and
 * the statistics, so an import lands whole or not at all. Before it (outside the transaction):
 *   - rows sharing a source key within the file: the last line wins, the earlier ones are
 *     rejected with the line that replaces them (skipped when the file repeats no key);
 *   - a large import's load table is sampled for the planner (segments.ts).
 * In the transaction:
 *   1. one join with the segments of entity that may hold one of the keys (key-search.ts; often
 *      none) finds the records that exist already; they are updated in place where something
 *      changed (ids stay; no new row versions for identical re-imports) and leave the load table;
 *   2. the rest are new: a large import's load table is attached as a segment of entity as it
 *      is; a small one's rows, or the few new ones of a large re-import, are inserted into
 *      segment 0 and the table dropped;
 *   3. per grid × category counts change by what was inserted and by records that moved grid.
 * No ON CONFLICT: its speculative insertion made the merge twice as slow.
 */
import type pg from 'pg';
import { applyCountDeltas, CountDeltas } from '../stats/counts.ts';
import { ImportInputError } from './errors.ts';
import { MERGE_LOCK } from './jobs.ts';
import { KeyFilter } from './key-filter.ts';
import { segmentsToSearch, type ImportKeys } from './key-search.ts';
import { attachSegment } from './segments.ts';
import type { Staging } from './staging.ts';

export interface MergeResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

interface CountRow {
  grid: string | null;
  category: string;
  n: number;
}

export interface MergeOptions {
  /** The categories of the staged rows. */
  categories: string[];
  /** A large import: its load table was sampled to become a segment (attached, unless a re-import leaves few new records in it). */
  asSegment: boolean;
  /** A re-import that leaves fewer new records than this inserts them into segment 0 instead. */
  minSegmentRows: number;
  /** Insert in grid order (false: the staged order is good enough); small imports only. */
  sort: boolean;
  /** Records per grid × category in the load table as written (null: rows left it since). */
  staged: CountDeltas | null;
  /** The keys of the staged rows (their hashes and range). */
  keys: ImportKeys;
  /** Starts the load table's index builds (once; segments.ts) and settles when they are done: needed to change or attach it. */
  indexes: () => Promise<void>;
}

/**
 * Drops all but the last line of each source key the file repeats, rejecting them with the line
 * that replaces them. Returns how many were dropped.
 */
export async function dropRepeatedKeys(client: pg.ClientBase, importId: number, staging: Staging): Promise<number> {
  const result = await client.query(
    `WITH last AS (SELECT category_code, source_key, max(id) AS keep FROM ${staging.table} GROUP BY 1, 2 HAVING count(*) > 1),
          gone AS (DELETE FROM ${staging.table} s USING last
                   WHERE s.category_code = last.category_code AND s.source_key = last.source_key AND s.id < last.keep
                   RETURNING s.id, s.category_code, s.source_key, last.keep)
     INSERT INTO import_rejection (import_id, line, reason, raw)
     SELECT $1, id - $2, format('duplicate source key %s (category %s) in this file: line %s replaces this row', source_key, category_code, keep - $2), NULL
     FROM gone`,
    [importId, staging.firstId],
  );
  return result.rowCount ?? 0;
}

/**
 * entity.category_code has no foreign key (sql/004): the merge checks the categories of its rows
 * once, and locks them FOR KEY SHARE until commit as a key would, so none can go meanwhile.
 */
async function lockCategories(client: pg.ClientBase, categories: string[]): Promise<void> {
  const { rows } = await client.query<{ code: string }>('SELECT code FROM category WHERE code = ANY($1::text[]) FOR KEY SHARE', [categories]);
  const found = new Set(rows.map((r) => r.code));
  const missing = categories.filter((c) => !found.has(c));
  if (missing.length > 0) throw new ImportInputError(`category ${missing.join(', ')} was deleted while the file was read: nothing was imported`);
}

/** Runs the merge statements on `client`, inside the caller's transaction. */
export async function mergeStaged(client: pg.ClientBase, importId: number, staging: Staging, staged: number, options: MergeOptions): Promise<MergeResult> {
  const stg = staging.table;
  const matches = `import_match_${Math.trunc(importId)}`;
  await client.query('SELECT pg_advisory_xact_lock($1, 0)', [MERGE_LOCK]);
  // Hash joins and aggregates over the staged rows stay in memory.
  await client.query(`SET LOCAL work_mem = '256MB'`);
  // Compiling these few statements costs more than JIT could save on them.
  await client.query('SET LOCAL jit = off');
  // A segment's size is known to the planner from its pages; a small import's rows need sampling.
  if (!options.asSegment) await client.query(`ANALYZE ${stg} (category_code, source_key, grid_code)`);

  const searched = await segmentsToSearch(client, options.keys);
  // No record can exist already: a large import's table will be attached, so its indexes start now.
  if (searched === null && options.asSegment) options.indexes();
  let matched = 0;
  if (searched !== null) {
    const result = await client.query(
      `CREATE TEMP TABLE ${matches} ON COMMIT DROP AS
       SELECT s.id AS new_id, e.id, e.grid_code AS old_grid,
              (e.grid_code IS NOT DISTINCT FROM s.grid_code AND e.attrs = s.attrs
               AND ST_X(e.geom) = ST_X(s.geom) AND ST_Y(e.geom) = ST_Y(s.geom)) AS same
       FROM ${stg} s JOIN entity e ON e.category_code = s.category_code AND e.source_key = s.source_key AND e.source_key IS NOT NULL
       WHERE ${searched}`,
    );
    matched = result.rowCount ?? 0;
    await client.query(`ANALYZE ${matches}`);
  }

  const fresh = staged - matched;
  // A large import's table is attached as a segment unless a re-import left few new records in it.
  const attach = options.asSegment && (matched === 0 || fresh >= options.minSegmentRows);
  const indexed = attach ? options.indexes() : null;
  const deltas = new CountDeltas();
  await lockCategories(client, options.categories);
  let updated = 0;
  if (matched) {
    // The update finds its rows of the load table through the primary key; once it writes, the
    // table's indexes could not be built beside this transaction.
    if (indexed) await indexed;
    const moved = await client.query<CountRow & { old_grid: string | null }>(
      `WITH changed AS (
         UPDATE entity e SET grid_code = s.grid_code, geom = s.geom, h3_r7 = s.h3_r7, h3_r8 = s.h3_r8, h3_r9 = s.h3_r9,
                             h3_r10 = s.h3_r10, attrs = s.attrs, updated_at = now()
         FROM ${matches} m JOIN ${stg} s ON s.id = m.new_id
         WHERE e.id = m.id AND NOT m.same
         RETURNING m.old_grid, e.grid_code, e.category_code)
       SELECT old_grid, grid_code AS grid, category_code AS category, count(*)::int AS n FROM changed GROUP BY 1, 2, 3`,
    );
    for (const row of moved.rows) {
      updated += row.n;
      if (row.old_grid === row.grid) continue;
      deltas.add(row.old_grid, row.category, -row.n);
      deltas.add(row.grid, row.category, row.n);
    }
  }

  let inserted = 0;
  /** Sends the count changes (the moves above and the records `added`); the caller awaits them. */
  const count = (added: CountDeltas): Promise<void> => {
    inserted = added.total();
    deltas.addAll(added);
    return applyCountDeltas(client, deltas);
  };
  if (attach) {
    if (matched) await client.query(`DELETE FROM ${stg} s USING ${matches} m WHERE s.id = m.new_id`);
    // The counts the file's rows were written with hold while no row left the table; else count.
    const added = !matched && options.staged ? options.staged : CountDeltas.of((await client.query<CountRow>(
      `SELECT grid_code AS grid, category_code AS category, count(*)::int AS n FROM ${stg} GROUP BY 1, 2`,
    )).rows);
    const counted = count(added);
    // Built while the database applies the counts.
    const keyFilter = KeyFilter.of(options.keys.hashes);
    await counted;
    await indexed;
    if (inserted > 0) await attachSegment(client, staging, importId, inserted, keyFilter, options.keys.range.bounds());
    else await client.query(`DROP TABLE ${stg}`);
  } else {
    // A small import, or a re-import that brings fewer new records than a segment holds: they go
    // into segment 0, and the load table (with its deleted rows, were it kept) goes.
    const { rows: added } = fresh === 0 ? { rows: [] } : await client.query<CountRow>(
      `WITH added AS (
         INSERT INTO entity (category_code, source_key, grid_code, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs)
         SELECT s.category_code, s.source_key, s.grid_code, s.geom, s.h3_r7, s.h3_r8, s.h3_r9, s.h3_r10, s.attrs
         FROM ${stg} s
         ${matched ? `WHERE NOT EXISTS (SELECT 1 FROM ${matches} m WHERE m.new_id = s.id)` : ''}
         ${options.sort ? 'ORDER BY s.grid_code, s.category_code' : ''}
         RETURNING grid_code, category_code)
       SELECT grid_code AS grid, category_code AS category, count(*)::int AS n FROM added GROUP BY 1, 2`,
    );
    await client.query(`DROP TABLE ${stg}`);
    await count(CountDeltas.of(added));
  }
  return { inserted, updated, unchanged: staged - inserted - updated };
}
