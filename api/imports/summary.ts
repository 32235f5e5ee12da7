/** An import job as the API shows it: status, progress (rows/s, ETA), counts, the first rejections and links. */
import type { ImportJob, Rejection } from './jobs.ts';

export const jobPath = (id: number) => `/api/v1/imports/${id}`;

/**
 * The job as the API shows it (its type is the response's: see the route types). `progress.fraction`
 * is null when the file's size is unknown; `etaSeconds` is set while receiving a file of known size;
 * `createdBy` is null for a CLI import run without --user.
 */
export function importSummary(job: ImportJob, firstRejections: Rejection[] = []) {
  const end = job.finishedAt ?? new Date();
  const elapsed = job.startedAt ? Math.max(0, (end.getTime() - new Date(job.startedAt).getTime()) / 1000) : 0;
  const rate = elapsed > 0 ? job.rowsRead / elapsed : 0;
  const byteRate = elapsed > 0 ? job.bytesRead / elapsed : 0;
  const eta = job.status === 'receiving' && job.bytesTotal && byteRate > 0 ? Math.max(0, (job.bytesTotal - job.bytesRead) / byteRate) : null;
  return {
    id: job.id,
    status: job.status,
    format: job.format,
    encoding: job.encoding,
    detectedEncoding: job.detectedEncoding,
    category: job.category,
    srid: job.srid,
    mapping: job.mapping,
    filename: job.filename,
    origin: job.origin,
    createdBy: job.createdBy,
    progress: {
      bytesRead: job.bytesRead,
      bytesTotal: job.bytesTotal,
      fraction: job.bytesTotal ? Math.min(1, job.bytesRead / job.bytesTotal) : null,
      rowsPerSecond: Math.round(rate),
      elapsedSeconds: Math.round(elapsed * 10) / 10,
      etaSeconds: eta === null ? null : Math.round(eta),
    },
    counts: {
      read: job.rowsRead,
      accepted: job.rowsAccepted,
      rejected: job.rowsRejected,
      inserted: job.rowsInserted,
      updated: job.rowsUpdated,
      unchanged: job.rowsUnchanged,
      outsideGrid: job.rowsOutsideGrid,
    },
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    mergeStartedAt: job.mergeStartedAt,
    finishedAt: job.finishedAt,
    error: job.error,
    rejections: { count: job.rowsRejected, first: firstRejections, csv: `${jobPath(job.id)}/rejections.csv` },
  };
}
