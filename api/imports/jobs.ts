/**
 * import_job and import_rejection: the SQL, and the job's state as the API shows it. While a
 * job runs, its counters live in memory (`running`, per process) and reach the table every
 * second or so; readers take the in-memory state when there is one, so polling a job costs no
 * query and never waits for the merge transaction (which, on the embedded database, holds the
 * only session).
 */
import type pg from 'pg';
import { storable } from '../http/strings.ts';
import type { RecordError } from './records.ts';
import { dropStaging } from './staging.ts';
import type { ImportOptions } from './schema.ts';

export type ImportStatus = 'pending' | 'receiving' | 'merging' | 'done' | 'failed';

export interface ImportJob {
  id: number;
  status: ImportStatus;
  format: ImportOptions['format'];
  encoding: string;
  detectedEncoding: string | null;
  category: string | null;
  srid: number;
  mapping: Record<string, unknown>;
  filename: string | null;
  origin: 'api' | 'cli';
  bytesTotal: number | null;
  bytesRead: number;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsOutsideGrid: number;
  createdAt: Date;
  startedAt: Date | null;
  mergeStartedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  createdBy: number | null;
}

/** Jobs running in this process, by id. */
export const running = new Map<number, ImportJob>();

const SELECT_JOB = `SELECT id::float8 AS id, status, format, encoding, detected_encoding AS "detectedEncoding",
  category_code AS category, srid, mapping, filename, origin, bytes_total::float8 AS "bytesTotal",
  bytes_read::float8 AS "bytesRead", rows_read::float8 AS "rowsRead", rows_accepted::float8 AS "rowsAccepted",
  rows_rejected::float8 AS "rowsRejected", rows_inserted::float8 AS "rowsInserted", rows_updated::float8 AS "rowsUpdated",
  rows_unchanged::float8 AS "rowsUnchanged", rows_outside_grid::float8 AS "rowsOutsideGrid",
  created_at AS "createdAt", started_at AS "startedAt", merge_started_at AS "mergeStartedAt",
  finished_at AS "finishedAt", error, created_by::float8 AS "createdBy"
FROM import_job`;

export async function createJob(pool: pg.Pool, options: ImportOptions): Promise<ImportJob> {
  const { rows } = await pool.query<ImportJob>(
    `WITH j AS (INSERT INTO import_job (format, encoding, category_code, srid, mapping, filename, origin, bytes_total, created_by)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
     ${SELECT_JOB.replace('FROM import_job', 'FROM j')}`,
    [options.format, options.encoding, options.category ?? null, options.srid, JSON.stringify(options.mapping),
      options.filename ?? null, options.origin, options.bytesTotal ?? null, options.createdBy ?? null],
  );
  return rows[0];
}

/** The job: its in-memory state while it runs here, else the stored row. */
export async function getJob(pool: pg.Pool, id: number): Promise<ImportJob | null> {
  const live = running.get(id);
  if (live) return { ...live };
  const { rows } = await pool.query<ImportJob>(`${SELECT_JOB} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listJobs(pool: pg.Pool, limit: number): Promise<ImportJob[]> {
  const { rows } = await pool.query<ImportJob>(`${SELECT_JOB} ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map((row) => (running.has(row.id) ? { ...running.get(row.id)! } : row));
}

/** Writes the job's status and counters (autocommit, or inside the caller's transaction). */
export async function saveJob(queryable: pg.Pool | pg.ClientBase, job: ImportJob): Promise<void> {
  await queryable.query(
    `UPDATE import_job SET status = $2, detected_encoding = $3, bytes_total = $4, bytes_read = $5, rows_read = $6,
       rows_accepted = $7, rows_rejected = $8, rows_inserted = $9, rows_updated = $10, rows_unchanged = $11,
       rows_outside_grid = $12, started_at = $13, merge_started_at = $14, finished_at = $15, error = $16
     WHERE id = $1`,
    [job.id, job.status, job.detectedEncoding, job.bytesTotal, job.bytesRead, job.rowsRead, job.rowsAccepted,
      job.rowsRejected, job.rowsInserted, job.rowsUpdated, job.rowsUnchanged, job.rowsOutsideGrid, job.startedAt,
      job.mergeStartedAt, job.finishedAt, job.error],
  );
}

/** Marks a pending job as taken, so a second upload to it is refused. False when it was not pending. */
export async function claimJob(pool: pg.Pool, id: number): Promise<boolean> {
  const result = await pool.query(`UPDATE import_job SET status = 'receiving', started_at = now() WHERE id = $1 AND status = 'pending'`, [id]);
  return result.rowCount === 1;
}

const RAW_LIMIT = 2_000;

export async function insertRejections(queryable: pg.Pool | pg.ClientBase, importId: number, rejections: RecordError[]): Promise<void> {
  if (rejections.length === 0) return;
  await queryable.query(
    `INSERT INTO import_rejection (import_id, line, reason, raw)
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[])`,
    [importId, rejections.map((r) => r.line), rejections.map((r) => storable(r.reason)), rejections.map((r) => storable(r.raw.slice(0, RAW_LIMIT)))],
  );
}

export interface Rejection {
  line: number;
  reason: string;
  raw: string | null;
}

/** Rejections in line order, after `afterLine`. */
export async function rejections(pool: pg.Pool, importId: number, limit: number, afterLine = 0): Promise<Rejection[]> {
  const { rows } = await pool.query<Rejection>(
    `SELECT line::float8 AS line, reason, raw FROM import_rejection WHERE import_id = $1 AND line > $2 ORDER BY line LIMIT $3`,
    [importId, afterLine, limit],
  );
  return rows;
}

/** Session-level advisory lock held by the process running an import (see recoverInterruptedImports). */
export const RUNNING_LOCK = 3201110;

/**
 * Jobs left receiving or merging by a process that is gone (killed, crashed) are marked failed
 * and their load tables dropped: their merge never committed, so entity is as before them.
 * A job whose process still runs holds its advisory lock and is left alone (on the embedded
 * database there is only this process, so every such job is interrupted).
 */
export async function recoverInterruptedImports(pool: pg.Pool, embedded: boolean): Promise<number[]> {
  const { rows } = await pool.query<{ id: number }>(
    `SELECT id::float8 AS id FROM import_job WHERE status IN ('receiving', 'merging') ORDER BY id`,
  );
  const recovered: number[] = [];
  for (const { id } of rows) {
    if (running.has(id)) continue;
    const client = await pool.connect();
    try {
      if (!embedded) {
        const { rows: lock } = await client.query<{ free: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS free', [RUNNING_LOCK, id]);
        if (!lock[0].free) continue;
      }
      await dropStaging(client, id);
      await client.query(
        `UPDATE import_job SET status = 'failed', finished_at = coalesce(finished_at, now()),
           error = 'interrupted: the process running the import stopped before it finished; nothing of it was merged, run it again'
         WHERE id = $1 AND status IN ('receiving', 'merging')`,
        [id],
      );
      if (!embedded) await client.query('SELECT pg_advisory_unlock($1, $2)', [RUNNING_LOCK, id]);
      recovered.push(id);
    } finally {
      client.release();
    }
  }
  return recovered;
}
