/**
 * The benchmark's input: grid-database rows from the seed generator written as an office
 * would send them — one CSV with a fixed header (key, category, coordinates, the attributes
 * people and organisations carry), no grid and no H3. Keys get a prefix so they are new to a
 * database that holds the demo.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { entityRows } from '../../seeds/pukou/grid-database/generate.ts';
import { planGridDatabase } from '../../seeds/pukou/grid-database/plan.ts';
import { generateNetwork } from '../../seeds/pukou/network.ts';

export const ATTRIBUTES = ['name', 'gender', 'birth_date', 'id_card', 'phone', 'address', 'credit_code', 'contact'] as const;
export const CSV_COLUMNS = ['source_key', 'category', 'lon', 'lat', ...ATTRIBUTES];

const field = (value: unknown) => {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Writes `rows` rows to `file`; returns its size in bytes. */
export async function writeIngestCsv(file: string, rows: number, seed: number, onRows: (done: number) => void = () => {}): Promise<number> {
  const network = generateNetwork(seed);
  const plan = planGridDatabase(network, { total: rows, seed: seed + 1 });
  const out = fs.createWriteStream(file);
  out.write(CSV_COLUMNS.join(',') + '\n');
  let chunk = '';
  let done = 0;
  for (const row of entityRows(plan, network, seed + 1)) {
    const attrs = JSON.parse(row.attrs) as Record<string, unknown>;
    // New keys: city components keep a 17-digit id, with 9 for the first digit of the area code
    // (no demo id has it; overwriting the sequence's first digit repeated ids past 100,000 a class).
    const key = /^[0-9]{17}$/.test(row.sourceKey) ? `9${row.sourceKey.slice(1)}` : `B${row.sourceKey}`;
    chunk += `${key},${row.categoryCode},${row.lng.toFixed(6)},${row.lat.toFixed(6)},${ATTRIBUTES.map((a) => field(attrs[a])).join(',')}\n`;
    if (++done % 5_000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
      onRows(done);
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  onRows(done);
  return fs.statSync(file).size;
}

/**
 * Rewrites `file` with its rows (all lines after the header) in a random order fixed by `seed`:
 * keys out of order and grids mixed, the worst case for the import (its rows contain no quoted
 * line breaks, so a line is a row).
 */
export async function shuffleCsvRows(file: string, seed: number): Promise<void> {
  const bytes = fs.readFileSync(file);
  const starts: number[] = [];
  for (let i = bytes.indexOf(10) + 1; i < bytes.length; i = bytes.indexOf(10, i) + 1) {
    starts.push(i);
    if (bytes.indexOf(10, i) === -1) throw new Error(`${file} does not end with a line feed`);
  }
  const order = Uint32Array.from(starts.keys());
  let state = seed >>> 0 || 1;
  for (let i = order.length - 1; i > 0; i--) {
    // xorshift32: enough to scatter rows, and the same order for the same seed.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const out = fs.createWriteStream(file);
  let chunk = Buffer.allocUnsafe(1 << 20);
  let at = bytes.copy(chunk, 0, 0, starts[0] ?? bytes.length);
  for (const row of order) {
    const start = starts[row];
    const end = bytes.indexOf(10, start) + 1;
    if (at + end - start > chunk.length) {
      if (!out.write(chunk.subarray(0, at))) await once(out, 'drain');
      chunk = Buffer.allocUnsafe(Math.max(1 << 20, end - start));
      at = 0;
    }
    at += bytes.copy(chunk, at, start, end);
  }
  out.end(chunk.subarray(0, at));
  await once(out, 'finish');
}
