/**
 * The merge: staged rows → entity in one transaction, with the job's final state and the
 * statistics, so an import lands whole or not at all. In order:
 *   1. rows sharing a source key within the file: the last line wins, the earlier ones are
 *      rejected with the line that replaces them (skipped when the file repeats no key);
 *   2. one probe of entity's (category_code, source_key) index per row finds the records that
 *      exist already; they are updated where something changed (no new row versions for
 *      identical re-imports);
 *   3. the rest are inserted, in grid order unless staged so (neighbouring rows then land on
 *      neighbouring index pages);
 *   4. per grid × category counts change by what was inserted and by records that moved grid.
 * No ON CONFLICT: its speculative insertion made the merge twice as slow.
 */
import type pg from 'pg';
import { applyCountDeltas, CountDeltas } from '../stats/counts.ts';
import { MERGE_LOCK } from './jobs.ts';
import { stagingTable } from './staging.ts';

export interface MergeResult {
  duplicates: number;
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
  /** The file may repeat a source key (false: the duplicate pass is skipped). */
  mayRepeat: boolean;
  /** Insert in grid order (false: the staged order is good enough). */
  sort: boolean;
  /** The categories of the staged rows. */
  categories: string[];
}

/**
 * entity.category_code's foreign key costs a trigger call per row: 40 % of a merge's time.
 * When the role may set session_replication_role and entity has no trigger but the
 * constraints' own, the merge does the trigger's work once — every category present, and
 * locked FOR KEY SHARE until commit, as the trigger would lock it — and skips the per-row
 * triggers (replica mode) for its two statements. Otherwise the triggers run as usual.
 */
async function checkCategoriesOnce(client: pg.ClientBase, categories: string[]): Promise<boolean> {
  const { rows } = await client.query<{ may: boolean; plain: boolean }>(
    `SELECT has_parameter_privilege('session_replication_role', 'SET') AS may,
            NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'entity'::regclass AND NOT tgisinternal) AS plain`,
  );
  if (!rows[0].may || !rows[0].plain) return false;
  const found = await client.query('SELECT code FROM category WHERE code = ANY($1::text[]) FOR KEY SHARE', [categories]);
  return found.rowCount === categories.length;
}

/** Runs the merge statements on `client`, inside the caller's transaction. */
export async function mergeStaged(client: pg.ClientBase, importId: number, staged: number, options: MergeOptions): Promise<MergeResult> {
  const stg = stagingTable(importId);
  const matches = `import_match_${Math.trunc(importId)}`;
  await client.query('SELECT pg_advisory_xact_lock($1, 0)', [MERGE_LOCK]);
  // Hash joins and aggregates over the staged rows stay in memory.
  await client.query(`SET LOCAL work_mem = '256MB'`);
  await client.query(`ANALYZE ${stg} (category_code, source_key, grid_code)`);

  const duplicates = !options.mayRepeat ? { rowCount: 0 } : await client.query(
    `WITH last AS (SELECT category_code, source_key, max(line) AS keep FROM ${stg} GROUP BY 1, 2 HAVING count(*) > 1),
          gone AS (DELETE FROM ${stg} s USING last
                   WHERE s.category_code = last.category_code AND s.source_key = last.source_key AND s.line < last.keep
                   RETURNING s.line, s.category_code, s.source_key, last.keep)
     INSERT INTO import_rejection (import_id, line, reason, raw)
     SELECT $1, line, format('duplicate source key %s (category %s) in this file: line %s replaces this row', source_key, category_code, keep), NULL
     FROM gone`,
    [importId],
  );

  await client.query(
    `CREATE TEMP TABLE ${matches} ON COMMIT DROP AS
     SELECT s.line, e.id, e.grid_code AS old_grid,
            (e.grid_code IS NOT DISTINCT FROM s.grid_code AND e.attrs = s.attrs
             AND ST_X(e.geom) = ST_X(s.geom) AND ST_Y(e.geom) = ST_Y(s.geom)) AS same
     FROM ${stg} s JOIN entity e ON e.category_code = s.category_code AND e.source_key = s.source_key AND e.source_key IS NOT NULL`,
  );
  await client.query(`ANALYZE ${matches}`);

  const deltas = new CountDeltas();
  const unchecked = await checkCategoriesOnce(client, options.categories);
  if (unchecked) await client.query('SET LOCAL session_replication_role = replica');
  const moved = await client.query<CountRow>(
    `WITH changed AS (
       UPDATE entity e SET grid_code = s.grid_code, geom = s.geom, h3_r7 = s.h3_r7, h3_r8 = s.h3_r8, h3_r9 = s.h3_r9,
                           h3_r10 = s.h3_r10, attrs = s.attrs, updated_at = now()
       FROM ${matches} m JOIN ${stg} s ON s.line = m.line
       WHERE e.id = m.id AND NOT m.same
       RETURNING m.old_grid, e.grid_code, e.category_code)
     SELECT old_grid, grid_code AS grid, category_code AS category, count(*)::int AS n FROM changed GROUP BY 1, 2, 3`,
  );
  let updated = 0;
  for (const row of moved.rows as (CountRow & { old_grid: string | null })[]) {
    updated += row.n;
    if (row.old_grid === row.grid) continue;
    deltas.add(row.old_grid, row.category, -row.n);
    deltas.add(row.grid, row.category, row.n);
  }

  const added = await client.query<CountRow>(
    `WITH added AS (
       INSERT INTO entity (category_code, source_key, grid_code, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs)
       SELECT s.category_code, s.source_key, s.grid_code, s.geom, s.h3_r7, s.h3_r8, s.h3_r9, s.h3_r10, s.attrs
       FROM ${stg} s
       WHERE NOT EXISTS (SELECT 1 FROM ${matches} m WHERE m.line = s.line)
       ${options.sort ? 'ORDER BY s.grid_code, s.category_code' : ''}
       RETURNING grid_code, category_code)
     SELECT grid_code AS grid, category_code AS category, count(*)::int AS n FROM added GROUP BY 1, 2`,
  );
  if (unchecked) await client.query('SET LOCAL session_replication_role = origin');
  let inserted = 0;
  for (const row of added.rows) {
    inserted += row.n;
    deltas.add(row.grid, row.category, row.n);
  }
  await applyCountDeltas(client, deltas);
  await client.query(`DROP TABLE ${stg}`);

  const duplicateCount = duplicates.rowCount ?? 0;
  return { duplicates: duplicateCount, inserted, updated, unchanged: staged - duplicateCount - inserted - updated };
}
