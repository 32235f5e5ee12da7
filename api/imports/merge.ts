/**
 * The merge: an import's load table → entity in one transaction (the caller's), with the
 * statistics and city components, so an import lands whole or not at all. Before it, rows
 * sharing a source key within the file are cut to the last one (the earlier ones are rejected
 * with the line that replaces them). Then one statement inserts new records, updates changed
 * ones (ids stay; an identical record gets no new row version) and counts what it did, and the
 * per grid × category counts change by what was inserted and by records that moved grid.
 */
import type pg from 'pg';
import { applyCountDeltas, CountDeltas } from '../stats/counts.ts';
import { ImportInputError } from './errors.ts';

export type MergeResult = { inserted: number; updated: number; unchanged: number };

/** Drops all but the last line of each source key the file repeats, rejecting them with the line that replaces them; returns how many. */
export async function dropRepeatedKeys(client: pg.ClientBase, importId: number, table: string): Promise<number> {
  await client.query('BEGIN');
  // Grouping 9.7 million staged keys took 131 s with the default 4 MB (spilled to disk), 34 s
  // in three parallel processes of 512 MB each, 16 s in one of 256 MB (1 million keys: 1.2 s).
  await client.query(`SET LOCAL work_mem = '256MB'`);
  await client.query('SET LOCAL max_parallel_workers_per_gather = 0');
  const result = await client.query(
    `WITH last AS (SELECT category_code, source_key, max(line) AS keep FROM ${table} GROUP BY 1, 2 HAVING count(*) > 1),
          gone AS (DELETE FROM ${table} s USING last
                   WHERE s.category_code = last.category_code AND s.source_key = last.source_key AND s.line < last.keep
                   RETURNING s.line, s.category_code, s.source_key, last.keep)
     INSERT INTO import_rejection (import_id, line, reason, raw)
     SELECT $1, line, format('duplicate source key %s (category %s) in this file: line %s replaces this row', source_key, category_code, keep), NULL
     FROM gone`,
    [importId],
  );
  await client.query('COMMIT');
  return result.rowCount ?? 0;
}

/**
 * How to drop and make again entity's indexes and constraints other than its primary key (the
 * unique key, GiST on geom, btree on grid and category, the foreign keys from and to it).
 * Measured on a million new rows into 200,000: kept row by row, the unique key alone cost 5.5 s
 * of the insert, the foreign key to category 4 s and city_component's to entity 5.5 s (a
 * lookup and a row lock per component); made again in one pass each, 2.1 s, 0.3 s and 2.1 s
 * (GiST 2.8 s, grid 1.8 s).
 */
async function bulkBuilt(client: pg.ClientBase): Promise<{ drop: string; create: string }[]> {
  const { rows } = await client.query<{ drop: string; create: string }>(
    `SELECT format('DROP INDEX %s', indexrelid::regclass) AS drop, pg_get_indexdef(indexrelid) AS create
     FROM pg_index WHERE indrelid = 'entity'::regclass AND NOT indisunique AND NOT indisprimary
     UNION ALL SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname),
                      format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
     FROM pg_constraint WHERE (conrelid = 'entity'::regclass AND contype IN ('f', 'u')) OR (confrelid = 'entity'::regclass AND contype = 'f')`,
  );
  return rows;
}

interface MergedRow {
  inserted: boolean;
  old_grid: string | null;
  grid: string | null;
  category: string;
  n: number;
}

/** Inserts the city components of the merged records `source` (a CTE) that have none. */
const componentsOf = (source: string, onConflict: string) => `
  INSERT INTO city_component (entity_id, component_id, class_code)
  SELECT m.id, m.source_key, c.class_code FROM ${source} m JOIN unnest($1::text[], $2::text[]) AS c(code, class_code) ON c.code = m.category_code
  ${onConflict}`;

/** Counts of the merged records by kind, grid and category. */
const COUNTS = 'SELECT m.inserted, m.old_grid, m.grid_code AS grid, m.category_code AS category, count(*)::int AS n FROM merged m GROUP BY 1, 2, 3, 4';

/** Few rows: ON CONFLICT finds each key through the unique index. */
const mergeByRow = (table: string) => `
  WITH old AS (
    SELECT e.category_code, e.source_key, e.grid_code FROM entity e JOIN ${table} s USING (category_code, source_key)),
  upserted AS (
    INSERT INTO entity AS e (category_code, source_key, grid_code, geom, h3_r10, attrs)
    SELECT category_code, source_key, grid_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326), h3_r10, attrs FROM ${table}
    ON CONFLICT (category_code, source_key) DO UPDATE
      SET grid_code = excluded.grid_code, geom = excluded.geom, h3_r10 = excluded.h3_r10, attrs = excluded.attrs, updated_at = now()
      WHERE (e.grid_code, e.geom, e.attrs) IS DISTINCT FROM (excluded.grid_code, excluded.geom, excluded.attrs)
    RETURNING xmax = 0 AS inserted, e.id, e.category_code, e.source_key, e.grid_code),
  merged AS (
    SELECT m.inserted, m.id, m.category_code, m.source_key, m.grid_code, o.grid_code AS old_grid
    FROM upserted m LEFT JOIN old o ON NOT m.inserted AND o.category_code = m.category_code AND o.source_key = m.source_key),
  component AS (${componentsOf('merged', 'ON CONFLICT (entity_id) DO NOTHING')})
  ${COUNTS}`;

/**
 * A large load, with the unique key dropped (bulkBuilt) and entity locked: one hash join finds
 * the keys entity holds, those records are updated when they changed, and the rest goes in by
 * a plain INSERT (no probe of the unique index per row).
 */
const mergeBulk = (table: string) => `
  WITH match AS MATERIALIZED (
    SELECT s.line, o.id, o.grid_code AS old_grid FROM ${table} s JOIN entity o USING (category_code, source_key)),
  changed AS (
    UPDATE entity e SET grid_code = s.grid_code, geom = ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), h3_r10 = s.h3_r10, attrs = s.attrs, updated_at = now()
    FROM match m JOIN ${table} s ON s.line = m.line
    WHERE e.id = m.id AND (e.grid_code, e.geom, e.attrs) IS DISTINCT FROM (s.grid_code, ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), s.attrs)
    RETURNING false AS inserted, e.id, e.category_code, e.source_key, e.grid_code, m.old_grid),
  added AS (
    INSERT INTO entity (category_code, source_key, grid_code, geom, h3_r10, attrs)
    SELECT category_code, source_key, grid_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326), h3_r10, attrs FROM ${table} s
    WHERE NOT EXISTS (SELECT FROM match m WHERE m.line = s.line)
    RETURNING true AS inserted, id, category_code, source_key, grid_code, NULL::text AS old_grid),
  merged AS (SELECT * FROM changed UNION ALL SELECT * FROM added),
  component_changed AS (${componentsOf('changed', 'ON CONFLICT (entity_id) DO NOTHING')}),
  -- New ids: nothing to conflict with, and a plain insert writes a third less.
  component_added AS (${componentsOf('added', '')})
  ${COUNTS}`;

/**
 * Runs the merge statements on `client`, inside the caller's transaction. `components`: class
 * code by category code of the city-component categories. `bulk`: the load is large compared
 * with entity, so entity is locked, its indexes (but the primary key), its unique key and the
 * foreign keys from and to it are dropped, the rows go in by mergeBulk, and each index and key is made again in
 * one pass (bulkBuilt); a violation of any aborts it all, so they hold at commit as always.
 */
export async function mergeStaged(
  client: pg.ClientBase, table: string, staged: number, components: Map<string, string>, bulk: boolean,
): Promise<MergeResult> {
  await client.query(`SET LOCAL work_mem = '256MB'`);
  await client.query('SET LOCAL jit = off');
  // Merges take turns on the counts (applyCountDeltas adds rows that are not there yet).
  await client.query('LOCK TABLE grid_category_count IN SHARE ROW EXCLUSIVE MODE');
  let rebuild: { drop: string; create: string }[] = [];
  if (bulk) {
    // Readers of entity (and of city_component, whose foreign key is made again) wait from here
    // to COMMIT, the index builds included: no session ever sees them without their indexes and keys.
    await client.query('LOCK TABLE entity IN ACCESS EXCLUSIVE MODE');
    await client.query(`SET LOCAL maintenance_work_mem = '1GB'`);
    // Sorting a million staged rows by line for a merge join took 3.6 s; hashing the matches, none.
    await client.query('SET LOCAL enable_mergejoin = off');
    rebuild = await bulkBuilt(client);
    for (const { drop } of rebuild) await client.query(drop);
  }
  await client.query(`ANALYZE ${table}`);
  let merged: MergedRow[];
  try {
    ({ rows: merged } = await client.query<MergedRow>(bulk ? mergeBulk(table) : mergeByRow(table), [[...components.keys()], [...components.values()]]));
    for (const { create } of rebuild) await client.query(create);
  } catch (error) {
    const { code, constraint, detail } = error as { code?: string; constraint?: string; detail?: string };
    if (code === '23505' && constraint?.startsWith('city_component')) throw new ImportInputError(`a city component id is used by another record: ${detail}`);
    throw error;
  }

  const deltas = new CountDeltas();
  let inserted = 0;
  let updated = 0;
  for (const row of merged) {
    if (row.inserted) {
      inserted += row.n;
      deltas.add(row.grid, row.category, row.n);
      continue;
    }
    updated += row.n;
    if (row.old_grid === row.grid) continue;
    deltas.add(row.old_grid, row.category, -row.n);
    deltas.add(row.grid, row.category, row.n);
  }
  await applyCountDeltas(client, deltas);
  await client.query(`DROP TABLE ${table}`);
  return { inserted, updated, unchanged: staged - inserted - updated };
}
