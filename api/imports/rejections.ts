/** The rejected rows of an import as CSV (line, reason, raw), streamed in line order a batch at a time. */
import type pg from 'pg';
import { csvLine, UTF8_BOM } from '../entities/csv.ts';
import { rejections } from './jobs.ts';
import { maskText } from '../entities/masking.ts';

const BATCH = 5_000;

export async function* rejectionsCsv(pool: pg.Pool, importId: number, { masked = true }: { masked?: boolean } = {}): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(['line', 'reason', 'raw']);
  let after = 0;
  for (;;) {
    const batch = await rejections(pool, importId, BATCH, after);
    if (batch.length === 0) return;
    yield batch.map((r) => csvLine([r.line, masked ? maskText(r.reason) : r.reason, masked && r.raw !== null ? maskText(r.raw) : r.raw])).join('');
    after = batch[batch.length - 1].line;
  }
}
