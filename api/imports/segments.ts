/**
 * An import's load table as a segment of entity (see sql/004_entity_segments.sql): its indexes
 * are built in one sorted pass each, before the merge transaction (the table is not part of
 * entity yet, so nobody waits), then the merge attaches it. On PostgreSQL the index builds run
 * side by side on connections of their own; on the embedded database, one after another on
 * the job's connection (pglite-socket has a single session).
 */
import type pg from 'pg';
import type { Database } from '../db/database.ts';
import { SEGMENT_SPAN, type Staging } from './staging.ts';

/** The indexes entity's partitioned indexes expect on a segment (the primary key's is made a constraint at attach). */
function indexStatements(table: string): string[] {
  return [
    `CREATE INDEX ${table}_key ON ${table} (source_key) WHERE source_key IS NOT NULL`,
    `CREATE INDEX ${table}_grid ON ${table} (grid_code, category_code)`,
    `CREATE UNIQUE INDEX ${table}_pkey ON ${table} (id)`,
  ];
}

/** Builds the segment's indexes. */
export async function buildSegmentIndexes(db: Database, client: pg.ClientBase, staging: Staging): Promise<void> {
  const statements = indexStatements(staging.table);
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
export async function attachSegment(client: pg.ClientBase, staging: Staging, importId: number, rows: number): Promise<void> {
  const { table, segment, firstId } = staging;
  const name = `entity_segment_${segment}`;
  await client.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_pkey PRIMARY KEY USING INDEX ${table}_pkey`);
  await client.query(`ALTER TABLE entity ATTACH PARTITION ${table} FOR VALUES FROM (${firstId}) TO (${firstId + SEGMENT_SPAN})`);
  await client.query(`ALTER TABLE ${table} RENAME TO ${name}`);
  // Renaming a constraint renames its index too.
  await client.query(`ALTER TABLE ${name} RENAME CONSTRAINT ${table}_pkey TO ${name}_pkey`);
  await client.query(`ALTER TABLE ${name} RENAME CONSTRAINT ${table}_ids TO ${name}_ids`);
  await client.query(`ALTER INDEX ${table}_grid RENAME TO ${name}_grid`);
  await client.query(`ALTER INDEX ${table}_key RENAME TO ${name}_key`);
  await client.query('INSERT INTO entity_segment (segment, import_id, rows) VALUES ($1, $2, $3)', [segment, importId, rows]);
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
