/** The rejected rows of an import as CSV (line, reason, raw), streamed in line order a batch at a time. */
import type pg from 'pg';
import { csvLine, UTF8_BOM } from '../entities/csv.ts';
import { maskRecord, maskText } from '../privacy/index.ts';
import { rejections, type Rejection } from './jobs.ts';

const BATCH = 5_000;

export interface RejectionsOptions {
  /** Personal data in the rows and reasons masked (the default); unmasked only for who may see the file itself. */
  masked?: boolean;
}

export async function* rejectionsCsv(pool: pg.Pool, importId: number, { masked = true }: RejectionsOptions = {}): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(['line', 'reason', 'raw']);
  let after = 0;
  for (;;) {
    const batch = await rejections(pool, importId, BATCH, after);
    if (batch.length === 0) return;
    yield batch.map((r) => (masked ? maskRejection(r) : r)).map((r) => csvLine([r.line, r.reason, r.raw])).join('');
    after = batch[batch.length - 1].line;
  }
}

/**
 * A rejection with personal data masked. An NDJSON line or GeoJSON feature is masked by field
 * name too; a CSV line has no header here, so only its values are recognised (names are not).
 * The category is unknown, so a `name` is taken for a person's.
 */
export function maskRejection(r: Rejection): Rejection {
  return { line: r.line, reason: maskText(r.reason), raw: maskRaw(r.raw) };
}

function maskRaw(raw: string | null): string | null {
  if (raw === null || !/^\s*\{/.test(raw)) return maskText(raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // Malformed or cut at the stored length: read as text.
    return maskText(raw);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return maskText(raw);
  return JSON.stringify(maskRecord(parsed as Record<string, unknown>, { personal: true }));
}
