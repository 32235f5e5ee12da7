/**
 * An import's load table as a segment of entity (see sql/004_entity_segments.sql and 005): its
 * indexes are built in one pass each while the table is not part of entity yet (nobody waits),
 * then the merge attaches it. On PostgreSQL the index builds run side by side on connections of
 * their own, while the merge transaction begins; on the embedded database, one after another on
 * the job's connection (pglite-socket has a single session).
 */
import type pg from 'pg';
import type { Database } from '../db/database.ts';
import type { KeyFilter } from './key-filter.ts';
import { SEGMENT_SPAN, type Staging } from './staging.ts';

/** How closely grid_code must follow the rows' order for a BRIN index: the planner reads one only then. */
const ORDERED = 0.9;

interface IndexBuild {
  sql: string;
  /** Parallel workers PostgreSQL may give the build (besides its own process). */
  workers: number;
}

/**
 * The segment's indexes (sql/005): the primary key's (made a constraint at attach) and one on
 * (grid_code, category_code): BRIN when the rows came in grid order (a file sorted by grid), so
 * that a grid's rows lie in a few runs of pages, else a btree. Keys need none: the segment's key
 * filter stands in.
 */
function indexBuilds(table: string, gridOrder: number): IndexBuild[] {
  return [
    // Full pages: a segment's rows come all at once, in id order (a re-import's updates may split some).
    { sql: `CREATE UNIQUE INDEX ${table}_pkey ON ${table} (id) WITH (fillfactor = 100)`, workers: 0 },
    gridOrder >= ORDERED
      ? { sql: `CREATE INDEX ${table}_grid ON ${table} USING brin (grid_code, category_code) WITH (pages_per_range = 16)`, workers: 0 }
      : // Grid codes share their first 9 bytes, so the sort compares them whole, and one sorting
        // process took longer than the whole load: two sort halves and merge them in less than half the time.
        { sql: `CREATE INDEX ${table}_grid ON ${table} (grid_code, category_code)`, workers: 1 },
  ];
}

/**
 * Samples the load table for the planner, so the segment has statistics from its first query
 * on; returns how closely grid_code follows the rows' physical order (|correlation|, 0 to 1).
 * 3,000 rows (statistics target 10) are plenty to choose an index on grid and cost tens of
 * milliseconds, where the default 30,000 read most of a large segment's pages.
 */
async function sample(client: pg.ClientBase, table: string): Promise<number> {
  await client.query('SET default_statistics_target = 10');
  try {
    await client.query(`ANALYZE ${table} (grid_code, category_code)`);
  } finally {
    await client.query('RESET default_statistics_target');
  }
  const { rows } = await client.query<{ correlation: number | null }>(
    `SELECT correlation FROM pg_stats WHERE schemaname = current_schema() AND tablename = $1 AND attname = 'grid_code'`,
    [table],
  );
  return Math.abs(rows[0]?.correlation ?? 0);
}

/**
 * Samples the load table on the job's connection (outside the merge transaction: ANALYZE's lock
 * would hold off the index builds until its commit), and returns what starts its index builds:
 * the first call starts them, and every call gives a promise that settles when they are built.
 * On PostgreSQL they run side by side on connections of their own, on the embedded database one
 * after another on the job's connection. The merge starts them once it knows the table will be
 * attached (merge.ts): a re-import that brings few new records needs none.
 */
export async function prepareSegmentIndexes(db: Database, client: pg.ClientBase, staging: Staging): Promise<() => Promise<void>> {
  const builds = indexBuilds(staging.table, await sample(client, staging.table));
  let built: Promise<void> | null = null;
  return () => {
    if (built) return built;
    if (db.kind === 'embedded') {
      built = (async () => {
        for (const build of builds) await client.query(build.sql);
      })();
    } else {
      built = Promise.all(builds.map((build) => onOwnConnection(db.pool, build))).then(() => {});
    }
    // Awaited by the merge; this only keeps a failure before then from going unhandled.
    built.catch(() => {});
    return built;
  };
}

async function onOwnConnection(pool: pg.Pool, build: IndexBuild): Promise<void> {
  const client = await pool.connect();
  try {
    // The sorts of a few million keys stay in memory.
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query(`SET max_parallel_maintenance_workers = ${build.workers}`);
    await client.query(build.sql);
  } finally {
    client.release(true);
  }
}

/**
 * Attaches the load table as segment `staging.segment` and records it (inside the merge
 * transaction). ATTACH takes entity's indexes from the ones built above and reads no rows:
 * the id range is proven by the table's CHECK.
 */
export async function attachSegment(
  client: pg.ClientBase, staging: Staging, importId: number, rows: number, keyFilter: KeyFilter, keyRange: [string, string] | null,
): Promise<void> {
  const { table, segment, firstId } = staging;
  const name = `entity_segment_${segment}`;
  await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY USING INDEX ${table}_pkey`);
  await client.query(`ALTER TABLE entity ATTACH PARTITION ${table} FOR VALUES FROM (${firstId}) TO (${firstId + SEGMENT_SPAN})`);
  await client.query(`ALTER TABLE ${table} RENAME TO ${name}`);
  // Renaming a constraint renames its index too.
  await client.query(`ALTER TABLE ${name} RENAME CONSTRAINT ${table}_pkey TO ${name}_pkey`);
  await client.query(`ALTER TABLE ${name} RENAME CONSTRAINT ${table}_ids TO ${name}_ids`);
  await client.query(`ALTER INDEX ${table}_grid RENAME TO ${name}_grid`);
  await client.query('INSERT INTO entity_segment (segment, import_id, rows, key_filter, min_key, max_key) VALUES ($1, $2, $3, $4, $5, $6)', [
    segment, importId, rows, Buffer.from(keyFilter.stored.buffer, keyFilter.stored.byteOffset, keyFilter.stored.byteLength),
    keyRange?.[0] ?? null, keyRange?.[1] ?? null,
  ]);
}

/** Detaches and drops every import segment (before a seed replaces all records). */
export async function dropImportSegments(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'entity'::regclass AND c.relname <> 'entity_segment_0'`,
  );
  for (const { name } of rows) {
    await client.query(`ALTER TABLE entity DETACH PARTITION ${name}`);
    await client.query(`DROP TABLE ${name}`);
  }
  await client.query('DELETE FROM entity_segment');
}
