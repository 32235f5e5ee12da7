/**
 * The load table of one import (`entity_load_<id>`) and its writer: COPY (text format, through
 * pg-copy-streams) on PostgreSQL, batched `INSERT … SELECT FROM unnest(…)` on the embedded
 * database (COPY breaks pglite-socket). The table is not part of entity: the merge (merge.ts)
 * reads it in one transaction and drops it, and an interrupted import's table is dropped by
 * recoverInterruptedImports (jobs.ts). UNLOGGED: it is thrown away after the merge anyway.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseKind } from '../db/database.ts';
import type { StagedRow, StagedRowSink } from './rows.ts';

export const stagingTable = (importId: number) => `entity_load_${Math.trunc(importId)}`;

const COLUMNS = 'line, category_code, source_key, grid_code, lon, lat, h3_r10, attrs';

export async function createStaging(client: pg.ClientBase, importId: number): Promise<string> {
  const table = stagingTable(importId);
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`CREATE UNLOGGED TABLE ${table} (line bigint NOT NULL, category_code text NOT NULL, source_key text NOT NULL,
    grid_code text, lon float8 NOT NULL, lat float8 NOT NULL, h3_r10 bigint NOT NULL, attrs jsonb NOT NULL)`);
  return table;
}

export async function dropStaging(queryable: pg.ClientBase | pg.Pool, importId: number): Promise<void> {
  await queryable.query(`DROP TABLE IF EXISTS ${stagingTable(importId)}`);
}

export interface StagingWriter extends StagedRowSink {
  /** Rows added so far. */
  readonly rows: number;
  /** Hands buffered rows to the database, waiting while it catches up (backpressure). */
  drain(): Promise<void>;
  /** Writes the rest and ends the load. (A load cut short ends with the connection, released destroyed.) */
  finish(): Promise<void>;
}

/** COPY's text format: backslash, tab, newline and carriage return are escaped. */
const copyText = (value: string) => value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

/** Rows are written as UTF-8 into buffers of this size, handed to the stream whole. */
const CHUNK_BYTES = 1024 * 1024;

class CopyWriter implements StagingWriter {
  rows = 0;
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly full: Buffer[] = [];
  private failure: Error | null = null;

  constructor(private readonly stream: Writable) {
    stream.on('error', (error) => (this.failure ??= error));
  }

  add(r: StagedRow): void {
    const grid = r.grid === null ? '\\N' : copyText(r.grid);
    const row = `${r.line}\t${copyText(r.category)}\t${copyText(r.sourceKey)}\t${grid}\t${r.lon}\t${r.lat}\t${r.h3}\t${copyText(r.attrs)}\n`;
    // Written row by row into a buffer: a 256 kB string of rows cost twice as much to encode at once.
    // (UTF-8 takes at most 3 bytes per UTF-16 unit.)
    if (this.used + row.length * 3 > this.buffer.length) this.nextBuffer(row.length * 3);
    this.used += this.buffer.write(row, this.used);
    this.rows++;
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.full.length > 0 && !this.writeFull()) await once(this.stream, 'drain');
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.nextBuffer(0);
    this.writeFull();
    this.stream.end();
    await once(this.stream, 'finish');
  }

  private nextBuffer(room: number): void {
    if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
    this.used = 0;
  }

  /** Writes the full buffers; false when the stream asks to wait. */
  private writeFull(): boolean {
    let ready = true;
    for (const chunk of this.full.splice(0)) ready = this.stream.write(chunk);
    return ready;
  }
}

const BATCH = 5_000;

/** The embedded database's writer: one autocommit INSERT per few thousand rows. */
class BatchWriter implements StagingWriter {
  rows = 0;
  private batch: StagedRow[] = [];
  private readonly sql: string;

  constructor(private readonly client: pg.ClientBase, table: string) {
    this.sql = `INSERT INTO ${table} (${COLUMNS}) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[],
      $5::float8[], $6::float8[], $7::bigint[], $8::jsonb[])`;
  }

  add(row: StagedRow): void {
    this.batch.push(row);
    this.rows++;
  }

  async drain(): Promise<void> {
    if (this.batch.length >= BATCH) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const b = this.batch;
    this.batch = [];
    await this.client.query(this.sql, [
      b.map((r) => r.line), b.map((r) => r.category), b.map((r) => r.sourceKey), b.map((r) => r.grid),
      b.map((r) => r.lon), b.map((r) => r.lat), b.map((r) => r.h3), b.map((r) => r.attrs),
    ]);
  }
}

/** A writer into the import's load table over `client` (which it keeps busy until finish). */
export function stagingWriter(client: pg.ClientBase, kind: DatabaseKind, table: string): StagingWriter {
  if (kind === 'embedded') return new BatchWriter(client, table);
  return new CopyWriter(client.query(copyFrom(`COPY ${table} (${COLUMNS}) FROM STDIN`)));
}
