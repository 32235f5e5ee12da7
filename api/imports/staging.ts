/**
 * The load table of one import (`entity_load_<id>`) and its two writers: binary COPY on
 * PostgreSQL (copy-rows.ts), batched `INSERT … SELECT FROM unnest(…)` on the embedded database
 * (COPY breaks pglite-socket). The table has entity's columns and the id range of a segment
 * reserved for the import (id = segment·2^40 + line of the file), so the merge (merge.ts) can
 * attach it to entity as it is, or move its rows into segment 0 when the import is small.
 * On PostgreSQL the table and its rows commit together when the COPY ends (an interrupted
 * load leaves nothing); it is not part of entity until the merge commits, and an interrupted
 * import's table is dropped (jobs.ts).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseKind } from '../db/database.ts';
import { wordsToDecimal } from '../entities/h3.ts';
import type { JsonBytes, StagedRowSink } from './rows.ts';
import { BinaryRows, FLUSH_BYTES } from './copy-rows.ts';

export const stagingTable = (importId: number) => `entity_load_${Math.trunc(importId)}`;

/** Ids of segment k start at k·2^40; a file's line numbers stay far below 2^40. */
export const SEGMENT_SPAN = 2 ** 40;
/** Ids stay exact JavaScript numbers up to 2^53: 8,191 segments, then they need compacting. */
const MAX_SEGMENT = 2 ** 53 / SEGMENT_SPAN - 1;

export interface Staging {
  table: string;
  segment: number;
  /** Ids of the segment: [firstId, firstId + SEGMENT_SPAN). */
  firstId: number;
}

const COLUMNS = 'id, category_code, source_key, grid_code, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs';

/**
 * Creates the import's load table with the id range of a newly reserved segment. On PostgreSQL
 * this opens the transaction the COPY commits (CopyWriter): a table made in the transaction
 * that fills it takes its rows frozen, so neither the index builds nor any later vacuum has to
 * visit its pages again to mark them visible or freeze them.
 */
export async function createStaging(client: pg.ClientBase, importId: number, kind: DatabaseKind): Promise<Staging> {
  const table = stagingTable(importId);
  const { rows } = await client.query<{ segment: number }>(`SELECT nextval('entity_segment_seq')::int AS segment`);
  const segment = rows[0].segment;
  if (segment > MAX_SEGMENT) throw new Error(`entity has used ${MAX_SEGMENT} segment numbers: compact its segments before importing more`);
  const firstId = segment * SEGMENT_SPAN;
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  if (kind === 'postgres') await client.query('BEGIN');
  // The CHECK lets ATTACH PARTITION skip scanning the rows for their range.
  await client.query(`CREATE TABLE ${table} (LIKE entity INCLUDING DEFAULTS,
    CONSTRAINT ${table}_ids CHECK (id >= ${firstId} AND id < ${firstId + SEGMENT_SPAN}))`);
  return { table, segment, firstId };
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

/** Chunk buffers kept for reuse. */
const SPARE_CHUNKS = 4;

class CopyWriter implements StagingWriter {
  rows = 0;
  private readonly spare: Buffer[] = [];
  private readonly encoded = new BinaryRows();
  private failure: Error | null = null;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly stream: Writable,
    private readonly firstId: number,
  ) {
    stream.on('error', (error) => (this.failure ??= error));
    this.encoded.header();
  }

  add(line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    this.encoded.row(this.firstId + line, category, key, grid, lon, lat, h3, h3At, attrs);
    this.rows++;
  }

  addRaw(
    line: number, category: string, source: Buffer, keyStart: number, keyEnd: number, grid: string | null,
    lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: JsonBytes,
  ): void {
    this.encoded.rowRaw(this.firstId + line, category, source, keyStart, keyEnd, grid, lon, lat, h3, h3At, attrs);
    this.rows++;
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.encoded.size < FLUSH_BYTES) return;
    const chunk = this.encoded.take(this.spare.pop());
    // Once the socket has taken a chunk its memory serves again: a fresh megabyte per chunk
    // costs page faults, and garbage collections driven by the memory outside the heap.
    const whole = Buffer.from(chunk.buffer, chunk.byteOffset);
    const written = this.stream.write(chunk, (error) => {
      if (!error && this.spare.length < SPARE_CHUNKS) this.spare.push(whole);
    });
    if (!written) await once(this.stream, 'drain');
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.encoded.trailer();
    this.stream.end(this.encoded.take());
    await once(this.stream, 'finish');
    await this.client.query('COMMIT');
  }

  abort(): void {
    this.stream.destroy(new Error('import stopped'));
  }
}

const BATCH = 5_000;

const INSERT_BATCH = (table: string) => `
INSERT INTO ${table} (${COLUMNS})
SELECT id, category_code, source_key, grid_code, ST_SetSRID(ST_MakePoint(lon, lat), 4326), r7, r8, r9, r10, attrs
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[],
            $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::text[])
  AS t(id, category_code, source_key, grid_code, lon, lat, r7, r8, r9, r10, attrs)`;

/** The embedded database's writer: one autocommit INSERT per few thousand rows. */
class BatchWriter implements StagingWriter {
  rows = 0;
  private columns: unknown[][] = BatchWriter.empty();
  private readonly sql: string;

  constructor(
    private readonly client: pg.ClientBase,
    table: string,
    private readonly firstId: number,
  ) {
    this.sql = INSERT_BATCH(table);
  }

  private static empty(): unknown[][] {
    return Array.from({ length: 11 }, () => []);
  }

  add(line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    const c = this.columns;
    c[0].push(this.firstId + line);
    c[1].push(category);
    c[2].push(key);
    c[3].push(grid);
    c[4].push(lon);
    c[5].push(lat);
    for (let i = 0; i < 4; i++) c[6 + i].push(wordsToDecimal(h3[h3At + 2 * i], h3[h3At + 2 * i + 1]));
    c[10].push(attrs);
    this.rows++;
  }

  /** The embedded database's path: strings are what its parameters take anyway. */
  addRaw(
    line: number, category: string, source: Buffer, keyStart: number, keyEnd: number, grid: string | null,
    lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: JsonBytes,
  ): void {
    this.add(line, category, source.toString('utf8', keyStart, keyEnd), grid, lon, lat, h3, h3At, attrs.toString());
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

/** A writer into the import's load table over `client` (which it keeps busy until finish). */
export function stagingWriter(client: pg.ClientBase, kind: DatabaseKind, staging: Staging): StagingWriter {
  if (kind === 'embedded') return new BatchWriter(client, staging.table, staging.firstId);
  return new CopyWriter(client, client.query(copyFrom(`COPY ${staging.table} (${COLUMNS}) FROM STDIN (FORMAT binary, FREEZE)`)), staging.firstId);
}
