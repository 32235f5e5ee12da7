/**
 * One import end to end, streamed with backpressure: bytes → records (read.ts: UTF-8 CSV from
 * its bytes, the rest as text through decode.ts and formats.ts) → validated, grid-assigned rows
 * with H3 cells (rows.ts) → staging table (staging.ts) → one merge transaction (merge.ts). Only
 * a block of the file and a batch of rows is in memory at a time, whatever the file's size. Used
 * by the API and the CLI alike.
 */
import type pg from 'pg';
import { config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { GridIndex } from '../lookup/grid-index.ts';
import { ImportAbortedError, ImportInputError } from './errors.ts';
import type { Extent } from './geometry.ts';
import { createJob, insertRejections, running, RUNNING_LOCK, saveJob, type ImportJob } from './jobs.ts';
import { dropRepeatedKeys, mergeStaged } from './merge.ts';
import { prepareSegmentIndexes } from './segments.ts';
import { FileCounts } from './file-counts.ts';
import { readRows } from './read.ts';
import type { RecordError } from './records.ts';
import { CategoryIndex, type JsonBytes, type StagedRowSink } from './rows.ts';
import type { ImportOptions } from './schema.ts';
import { KeyRange } from './key-search.ts';
import { SeenKeys } from './seen-keys.ts';
import { createStaging, dropStaging, stagingWriter, type StagingWriter } from './staging.ts';

export interface ImportDeps {
  db: Database;
  gridIndex: GridIndex;
  /** Imports of at least this many rows land as a segment of their own (default: config). */
  segmentMinRows?: number;
}

/** Points this far (degrees, ≈1 km) beyond the district's bounding box are still taken (and flagged outside every grid). */
const EXTENT_MARGIN = 0.01;
const PROGRESS_MS = 1_000;
const REJECTION_BATCH = 1_000;

interface Reference {
  categories: CategoryIndex;
  extent: Extent;
}

async function loadReference(pool: pg.Pool): Promise<Reference> {
  const categories = await pool.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM category');
  const { rows } = await pool.query<{ name: string | null; x0: number; y0: number; x1: number; y1: number }>(
    `SELECT string_agg(name, '、') AS name, ST_XMin(ST_Extent(geom)) AS x0, ST_YMin(ST_Extent(geom)) AS y0,
            ST_XMax(ST_Extent(geom)) AS x1, ST_YMax(ST_Extent(geom)) AS y1
     FROM division WHERE level = 'district'`,
  );
  const d = rows[0];
  if (!d?.name) throw new ImportInputError('no district is loaded, so no point can be checked: load the network first');
  return {
    categories: new CategoryIndex(categories.rows),
    extent: { name: d.name, minLon: d.x0 - EXTENT_MARGIN, minLat: d.y0 - EXTENT_MARGIN, maxLon: d.x1 + EXTENT_MARGIN, maxLat: d.y1 + EXTENT_MARGIN },
  };
}

/** Fails before any data is read when the default category does not exist. */
export async function checkCategory(pool: pg.Pool, category: string | undefined): Promise<void> {
  if (category === undefined) return;
  const { rowCount } = await pool.query('SELECT 1 FROM category WHERE code = $1', [category]);
  if (!rowCount) throw new ImportInputError(`unknown category ${JSON.stringify(category)}: see the category table for the 167 codes`);
}

/** Records a new job (status pending) for `options`. */
export async function createImport(pool: pg.Pool, options: ImportOptions): Promise<ImportJob> {
  await checkCategory(pool, options.category);
  return createJob(pool, options);
}

/** Passes rows to the staging writer, noting what the merge can skip: the duplicate pass, the sort, the count. */
class StagedRows implements StagedRowSink {
  readonly keys: SeenKeys;
  readonly keyRange = new KeyRange();
  readonly counts = new FileCounts();

  /** `bytes`: the file's size, when known (it sizes the key list for rows of about 80 bytes; it grows past that). */
  constructor(readonly writer: StagingWriter, bytes: number | null) {
    this.keys = new SeenKeys(bytes ? bytes / 80 : 0);
  }

  add(line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    this.keys.add(category, key);
    this.keyRange.addText(key);
    this.counts.note(category, grid);
    this.writer.add(line, category, key, grid, lon, lat, h3, h3At, attrs);
  }

  addRaw(
    line: number, category: string, source: Buffer, keyStart: number, keyEnd: number, grid: string | null,
    lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: JsonBytes,
  ): void {
    this.keys.addBytes(category, source, keyStart, keyEnd);
    this.keyRange.addBytes(source, keyStart, keyEnd);
    this.counts.note(category, grid);
    this.writer.addRaw(line, category, source, keyStart, keyEnd, grid, lon, lat, h3, h3At, attrs);
  }
}

export interface RunHooks {
  /** Called after each block of rows and at each stage change, with the job's state. */
  onProgress?(job: ImportJob): void;
}

/**
 * Runs a created job over `body`. Resolves with the finished job; on failure the job is marked
 * failed (its rejections so far are kept) and the error is rethrown.
 *
 * On the embedded database all of the job's statements go one after another over its own
 * connection: pglite-socket runs every connection on one session and interleaves the protocol
 * messages of concurrent statements, so concurrent statements can break each other there.
 */
export async function runImport(deps: ImportDeps, created: ImportJob, body: AsyncIterable<Uint8Array>, options: ImportOptions, hooks: RunHooks = {}): Promise<ImportJob> {
  const { pool, kind } = deps.db;
  const job: ImportJob = { ...created, status: 'receiving', startedAt: created.startedAt ?? new Date(), bytesTotal: options.bytesTotal ?? created.bytesTotal };
  running.set(job.id, job);
  const progress = () => hooks.onProgress?.({ ...job });
  const rejected: RecordError[] = [];
  let client: pg.PoolClient | null = null;
  let writer: StagingWriter | null = null;
  let inTransaction = false;
  // On PostgreSQL the job's connection is busy with COPY, so bookkeeping takes the pool.
  const bookkeeping = () => (kind === 'postgres' || !client ? pool : client);
  let savedAt = 0;
  const save = async (force = false) => {
    if (!force && performance.now() - savedAt < PROGRESS_MS) return;
    savedAt = performance.now();
    await saveJob(bookkeeping(), job);
  };
  const flushRejections = async () => insertRejections(bookkeeping(), job.id, rejected.splice(0));

  try {
    const reference = await loadReference(pool);
    await deps.gridIndex.refresh();
    client = await pool.connect();
    // Held while the job runs: a job whose lock is free after a restart was interrupted.
    if (kind === 'postgres') await client.query('SELECT pg_advisory_lock($1, $2)', [RUNNING_LOCK, job.id]);
    await save(true);
    progress();
    const staging = await createStaging(client, job.id, kind);
    writer = stagingWriter(client, kind, staging);
    const sink = new StagedRows(writer, job.bytesTotal);

    const locate = (lon: number, lat: number) => deps.gridIndex.locate(lon, lat)?.grid.code ?? null;
    for await (const _block of readRows(countBytes(body, job), options, { ...reference, locate }, sink, job, rejected)) {
      await writer.drain();
      if (rejected.length >= REJECTION_BATCH) await flushRejections();
      await save();
      progress();
    }
    if (job.bytesRead === 0) throw new ImportInputError('the file is empty');
    await writer.finish();
    await flushRejections();

    job.status = 'merging';
    job.mergeStartedAt = new Date();
    await save(true);
    progress();
    const duplicates = sink.keys.repeated ? await dropRepeatedKeys(client, job.id, staging) : 0;
    const staged = writer.rows - duplicates;
    const minSegmentRows = deps.segmentMinRows ?? config.importSegmentMinRows;
    const asSegment = staged >= minSegmentRows;
    // On PostgreSQL the indexes are built on connections of their own while the merge
    // transaction does what needs none of them (mergeStaged starts them and waits for them).
    const indexes = asSegment ? await prepareSegmentIndexes(deps.db, client, staging) : () => Promise.resolve();
    // From here to COMMIT nothing else may touch the database from this job: on the embedded
    // database the open transaction holds the only session.
    await client.query('BEGIN');
    inTransaction = true;
    // Sorting by grid gives the inserts' index updates locality; a file grouped by grid has it already.
    const merged = await mergeStaged(client, job.id, staging, staged, {
      categories: sink.counts.categories(),
      asSegment,
      minSegmentRows,
      sort: sink.counts.gridRuns * 50 > writer.rows,
      // Records per grid × category of the rows passed on: what a segment adds, when none leaves it.
      staged: duplicates === 0 ? sink.counts.deltas() : null,
      keys: { hashes: sink.keys, range: sink.keyRange },
      indexes,
    });
    const finished: ImportJob = {
      ...job,
      status: 'done',
      finishedAt: new Date(),
      rowsRejected: job.rowsRejected + duplicates,
      rowsInserted: merged.inserted,
      rowsUpdated: merged.updated,
      rowsUnchanged: merged.unchanged,
    };
    await saveJob(client, finished);
    await client.query('COMMIT');
    inTransaction = false;
    Object.assign(job, finished);
    if (kind === 'postgres') await client.query('SELECT pg_advisory_unlock($1, $2)', [RUNNING_LOCK, job.id]);
    client.release();
    client = null;
    progress();
    return { ...job };
  } catch (error) {
    writer?.abort();
    if (client && inTransaction) await client.query('ROLLBACK').catch(() => {});
    // Closing the connection ends whatever it was doing (a cut-off COPY included) and frees
    // its locks, so the staging table can be dropped from the pool.
    client?.release(true);
    client = null;
    job.status = 'failed';
    job.finishedAt = new Date();
    job.error = failureMessage(error);
    await flushRejections().catch(() => {});
    await dropStaging(pool, job.id).catch(() => {});
    await saveJob(pool, job).catch(() => {});
    progress();
    throw error;
  } finally {
    running.delete(job.id);
    client?.release(true);
  }
}

async function* countBytes(body: AsyncIterable<Uint8Array>, job: ImportJob): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) {
      job.bytesRead += chunk.length;
      yield chunk;
    }
  } catch (error) {
    if (error instanceof ImportInputError) throw error;
    throw new ImportAbortedError(`the upload stopped after ${job.bytesRead.toLocaleString('en')} bytes: ${(error as Error).message}`);
  }
}

function failureMessage(error: unknown): string {
  if (error instanceof ImportInputError || error instanceof ImportAbortedError) return error.message;
  return `the import failed: ${(error as Error)?.message ?? String(error)}`;
}
