/**
 * The staging table of one import (UNLOGGED, `import_staging_<id>`) and its two writers:
 * binary COPY on PostgreSQL (no text escaping, bigints and points as raw bytes, so neither side
 * formats or parses numbers), batched `INSERT … SELECT FROM unnest(…)` on the embedded
 * database (COPY breaks pglite-socket). Rows are written outside any long transaction; the
 * merge (merge.ts) moves them into entity in one.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseKind } from '../db/database.ts';
import { wordsToDecimal } from '../entities/h3.ts';
import type { StagedRowSink } from './rows.ts';
import { BinaryRows, FLUSH_BYTES } from './copy-rows.ts';

export const stagingTable = (importId: number) => `import_staging_${Math.trunc(importId)}`;

const COLUMNS = 'line, category_code, source_key, grid_code, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs';

export async function createStaging(client: pg.ClientBase, importId: number): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
  await client.query(`CREATE UNLOGGED TABLE ${stagingTable(importId)} (
    line bigint NOT NULL, category_code text NOT NULL, source_key text NOT NULL, grid_code text,
    geom geometry NOT NULL, h3_r7 bigint NOT NULL, h3_r8 bigint NOT NULL, h3_r9 bigint NOT NULL, h3_r10 bigint NOT NULL,
    attrs jsonb NOT NULL)`);
}

export async function dropStaging(queryable: pg.ClientBase | pg.Pool, importId: number): Promise<void> {
  await queryable.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
}

export interface StagingWriter extends StagedRowSink {
  /** Rows added so far. */
  readonly rows: number;
  /** Hands buffered rows to the database, waiting while it catches up (backpressure). */
  drain(): Promise<void>;
  /** Writes the rest and ends the load. */
  finish(): Promise<void>;
  /** Stops the load; what was written stays in the staging table (dropped by the caller). */
  abort(): void;
}

class CopyWriter implements StagingWriter {
  rows = 0;
  private readonly encoded = new BinaryRows();
  private failure: Error | null = null;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error) => (this.failure ??= error));
    this.encoded.header();
  }

  add(line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    this.encoded.row(line, category, key, grid, lon, lat, h3, h3At, attrs);
    this.rows++;
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.encoded.size < FLUSH_BYTES) return;
    if (!this.stream.write(this.encoded.take())) await once(this.stream, 'drain');
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.encoded.trailer();
    this.stream.end(this.encoded.take());
    await once(this.stream, 'finish');
  }

  abort(): void {
    this.stream.destroy(new Error('import stopped'));
  }
}

const BATCH = 5_000;

const INSERT_BATCH = (table: string) => `
INSERT INTO ${table} (${COLUMNS})
SELECT line, category_code, source_key, grid_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326), r7, r8, r9, r10, attrs::jsonb
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[],
            $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[])
  AS t(line, category_code, source_key, grid_code, lon, lat, r7, r8, r9, r10, attrs)`;

/** The embedded database's writer: one autocommit INSERT per few thousand rows. */
class BatchWriter implements StagingWriter {
  rows = 0;
  private columns: unknown[][] = BatchWriter.empty();
  private readonly sql: string;

  constructor(
    private readonly client: pg.ClientBase,
    table: string,
  ) {
    this.sql = INSERT_BATCH(table);
  }

  private static empty(): unknown[][] {
    return Array.from({ length: 11 }, () => []);
  }

  add(line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    const c = this.columns;
    c[0].push(line);
    c[1].push(category);
    c[2].push(key);
    c[3].push(grid);
    c[4].push(lon);
    c[5].push(lat);
    for (let i = 0; i < 4; i++) c[6 + i].push(wordsToDecimal(h3[h3At + 2 * i], h3[h3At + 2 * i + 1]));
    c[10].push(attrs);
    this.rows++;
  }

  async drain(): Promise<void> {
    if (this.columns[0].length >= BATCH) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
  }

  abort(): void {}

  private async flush(): Promise<void> {
    if (this.columns[0].length === 0) return;
    const batch = this.columns;
    this.columns = BatchWriter.empty();
    await this.client.query(this.sql, batch);
  }
}

/** A writer into the import's staging table over `client` (which it keeps busy until finish). */
export function stagingWriter(client: pg.ClientBase, kind: DatabaseKind, importId: number): StagingWriter {
  const table = stagingTable(importId);
  if (kind === 'embedded') return new BatchWriter(client, table);
  return new CopyWriter(client.query(copyFrom(`COPY ${table} (${COLUMNS}) FROM STDIN (FORMAT binary)`)));
}
