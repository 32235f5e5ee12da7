/**
 * One import end to end, streamed with backpressure: bytes → text (decode.ts) → records
 * (formats.ts: csv-parse, NDJSON lines, stream-json) → validated, grid-assigned rows with their
 * H3 cell (rows.ts) → load table (staging.ts) → one merge transaction (merge.ts). Only a chunk
 * of the file and a batch of rows is in memory at a time, whatever the file's size. Used by the
 * API and the CLI alike.
 */
import type pg from 'pg';
import { config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { GridIndex } from '../lookup/grid-index.ts';
import { decodeText } from './decode.ts';
import { ImportAbortedError, ImportInputError } from './errors.ts';
import { FORMATS } from './formats.ts';
import type { Extent } from './geometry.ts';
import { createJob, insertRejections, running, RUNNING_LOCK, saveJob, type ImportJob } from './jobs.ts';
import { resolveMapping } from './mapping.ts';
import { dropRepeatedKeys, mergeStaged } from './merge.ts';
import type { RecordError } from './records.ts';
import { CategoryIndex, RowProcessor } from './rows.ts';
import type { ImportOptions } from './schema.ts';
import { createStaging, dropStaging, stagingWriter, type StagingWriter } from './staging.ts';

export interface ImportDeps {
  db: Database;
  gridIndex: GridIndex;
  /**
   * Whether the merge drops and rebuilds entity's plain indexes (merge.ts). Default: when the
   * file brings at least config.importBulkMinRows rows and a quarter as many as entity holds.
   */
  bulk?: boolean;
}

/** Points this far (degrees, ≈1 km) beyond the district's bounding box are still taken (and flagged outside every grid). */
const EXTENT_MARGIN = 0.01;
const PROGRESS_MS = 1_000;
const REJECTION_BATCH = 1_000;

type Reference = { categories: CategoryIndex; extent: Extent };

async function loadReference(pool: pg.Pool): Promise<Reference> {
  const categories = await pool.query<{ code: string; name_zh: string; domain: string; gb_code: string | null }>('SELECT code, name_zh, domain, gb_code FROM category');
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

/** Records a new job (status pending) for `options`; fails before any data is read when the default category does not exist. */
export async function createImport(pool: pg.Pool, options: ImportOptions): Promise<ImportJob> {
  const known = options.category === undefined || (await pool.query('SELECT 1 FROM category WHERE code = $1', [options.category])).rowCount;
  if (!known) throw new ImportInputError(`unknown category ${JSON.stringify(options.category)}: see the category table for the 167 codes`);
  return createJob(pool, options);
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
    const staging = await createStaging(client, job.id);
    const writer = stagingWriter(client, kind, staging);
    await readInto(writer, countBytes(body, job), options, reference, (lon, lat) => deps.gridIndex.locate(lon, lat)?.grid.code ?? null, job, rejected, async () => {
      await writer.drain();
      if (rejected.length >= REJECTION_BATCH) await flushRejections();
      await save();
      progress();
    });
    if (job.bytesRead === 0) throw new ImportInputError('the file is empty');
    await writer.finish();
    await flushRejections();

    job.status = 'merging';
    job.mergeStartedAt = new Date();
    await save(true);
    progress();
    const duplicates = await dropRepeatedKeys(client, job.id, staging);
    const staged = writer.rows - duplicates;
    // Large compared with entity: the planner's estimate of its rows is near enough.
    const estimate = async () => (await client!.query(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'entity'::regclass`)).rows[0].n;
    const bulk = deps.bulk ?? (staged >= config.importBulkMinRows && staged * 4 >= (await estimate()));
    // From here to COMMIT nothing else may touch the database from this job: on the embedded
    // database the open transaction holds the only session.
    await client.query('BEGIN');
    inTransaction = true;
    const merged = await mergeStaged(client, staging, staged, reference.categories.componentClass, bulk);
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

/**
 * Reads `body` into `sink`, counting into `job` and collecting rejections into `rejected`;
 * calls `between` after each batch of records, to write, flush and report.
 */
async function readInto(
  sink: StagingWriter, body: AsyncIterable<Uint8Array>, options: ImportOptions, reference: Reference,
  locate: (lon: number, lat: number) => string | null, job: ImportJob, rejected: RecordError[], between: () => Promise<void>,
): Promise<void> {
  let processor: RowProcessor | null = null;
  const make = (columns: string[], csv: boolean) =>
    new RowProcessor(resolveMapping(options.mapping, columns, options.format, options.category), csv ? columns : null, {
      categories: reference.categories, defaultCategory: options.category, srid: options.srid, extent: reference.extent, locate,
      rejectUndecodable: job.detectedEncoding !== 'utf-8',
    }, sink);
  const text = decodeText(body, options.encoding, (encoding) => (job.detectedEncoding = encoding));
  for await (const event of FORMATS[options.format](text, { delimiter: options.mapping.delimiter })) {
    if ('columns' in event) {
      processor = make(event.columns, true);
      continue;
    }
    let accepted = 0;
    for (const record of event.records) {
      processor ??= make(Object.keys(record.value), false);
      const reason = processor.process(record);
      if (reason === null) accepted++;
      else rejected.push({ line: record.line, reason, raw: record.raw });
    }
    rejected.push(...event.errors);
    const read = event.records.length + event.errors.length;
    job.rowsRead += read;
    job.rowsAccepted += accepted;
    job.rowsRejected += read - accepted;
    job.rowsOutsideGrid = processor?.outsideGrid ?? 0;
    await between();
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

const failureMessage = (error: unknown) =>
  error instanceof ImportInputError || error instanceof ImportAbortedError ? error.message : `the import failed: ${(error as Error)?.message ?? String(error)}`;
