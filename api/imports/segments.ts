/**
 * An import's load table as a segment of entity (see sql/004_entity_segments.sql): its indexes
 * are built in one sorted pass each, before the merge transaction (the table is not part of
 * entity yet, so nobody waits), then the merge attaches it. On PostgreSQL the index builds run
 * side by side on connections of their own; on the embedded database, one after another on
 * the job's connection (pglite-socket has a single session).
 */
import type pg from 'pg';
import type { Database } from '../db/database.ts';
import type { KeyFilter } from './key-filter.ts';
import { SEGMENT_SPAN, type Staging } from './staging.ts';

/** A file whose rows come in runs of one grid at least this long on average is grouped by grid. */
const GROUPED_RUN = 256;

/**
 * The segment's indexes (sql/005): the primary key's (made a constraint at attach) and one on
 * (grid_code, category_code): BRIN when the rows came grouped by grid, so that a grid's rows lie
 * in a few runs of pages, else a btree. Keys need none: the segment's key filter stands in.
 */
function indexStatements(table: string, rows: number, gridRuns: number): string[] {
  const grouped = gridRuns * GROUPED_RUN <= rows;
  return [
    `CREATE UNIQUE INDEX ${table}_pkey ON ${table} (id)`,
    grouped
      ? `CREATE INDEX ${table}_grid ON ${table} USING brin (grid_code, category_code) WITH (pages_per_range = 16)`
      : `CREATE INDEX ${table}_grid ON ${table} (grid_code, category_code)`,
  ];
}

/** Builds the segment's indexes; `gridRuns`: how many runs of rows in one grid the file came in. */
export async function buildSegmentIndexes(db: Database, client: pg.ClientBase, staging: Staging, rows: number, gridRuns: number): Promise<void> {
  const statements = indexStatements(staging.table, rows, gridRuns);
  if (db.kind === 'embedded') {
    for (const statement of statements) await client.query(statement);
  } else {
    await Promise.all(statements.map((statement) => onOwnConnection(db.pool, statement)));
  }
}

async function onOwnConnection(pool: pg.Pool, statement: string): Promise<void> {
  const client = await pool.connect();
  try {
    // The sorts of a few million keys stay in memory.
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query('SET max_parallel_maintenance_workers = 0');
    await client.query(statement);
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
