/**
 * H3 cells of records. entity stores the resolution-10 cell (h3_r10), computed with h3-js when
 * a record is written; coarser cells come from sql/009's h3_parent(h3_r10, res) in the query
 * that reads them.
 */
import { latLngToCell } from 'h3-js';
import { sql, type RawBuilder } from 'kysely';

/** The resolutions a record shows: its cell and three parents. */
export const H3_RESOLUTIONS = [7, 8, 9, 10] as const;

/** The resolution-10 cell of a point (entity.h3_r10) as a decimal string: the form SQL takes for a bigint. */
export function h3Cell(lat: number, lng: number): string {
  return BigInt('0x' + latLngToCell(lat, lng, 10)).toString();
}

/** The cell at resolution `res` (7–10) of a record's h3_r10 column `column`, as decimal text. */
export function h3At(column: string, res: (typeof H3_RESOLUTIONS)[number]): RawBuilder<string> {
  return res === 10 ? sql<string>`${sql.ref(column)}::text` : sql<string>`h3_parent(${sql.ref(column)}, ${sql.lit(res)})::text`;
}

/**
 * Writes the 64-bit cells r7..r10 as 32-bit words into `out` from `at` (8 words: high, low of
 * r7, then r8, r9, r10), for api/imports, which still stores r7–r9. At resolutions 7–9 the finer
 * digits fill fewer than 32 bits, so only the resolution field (bits 52–55, in the high word)
 * and the low word change.
 */
export function h3CellWords(lat: number, lng: number, out: Uint32Array, at = 0): void {
  const cell = latLngToCell(lat, lng, 10);
  const split = cell.length - 8;
  writeCellWords(parseInt(cell.slice(0, split), 16), parseInt(cell.slice(split), 16), out, at);
}

/** Writes the words of r7..r10 into `out` from `at`, given the r10 cell as its high and low words. */
export function writeCellWords(high: number, low: number, out: Uint32Array, at: number): void {
  const base = high & ~(0xf << 20);
  out[at] = base | (7 << 20);
  out[at + 1] = (low | 0xffffff) >>> 0;
  out[at + 2] = base | (8 << 20);
  out[at + 3] = (low | 0x1fffff) >>> 0;
  out[at + 4] = base | (9 << 20);
  out[at + 5] = (low | 0x3ffff) >>> 0;
  out[at + 6] = high;
  out[at + 7] = low;
}

/** The 64-bit value of a cell given as two 32-bit words, in decimal. */
export function wordsToDecimal(high: number, low: number): string {
  return ((BigInt(high) << 32n) | BigInt(low)).toString();
}
