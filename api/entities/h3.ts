/**
 * H3 cells of a point at resolutions 7–10 (entity.h3_r7 … h3_r10). r10 comes from h3-js; its
 * parents by bit operations (set the resolution field, fill the finer digits with 7), which is
 * what `cellToParent` does without three more calls into wasm. The seed loader
 * (seeds/pukou/grid-database/h3.ts) computes the same cells.
 */
import { latLngToCell } from 'h3-js';

export const H3_RESOLUTIONS = [7, 8, 9, 10] as const;

/** [r7, r8, r9, r10] as decimal strings (the form SQL takes for a bigint; JS numbers lose precision above 2^53). */
export type H3Cells = [string, string, string, string];

/**
 * Writes the 64-bit cells r7..r10 as 32-bit words into `out` from `at` (8 words: high, low of
 * r7, then r8, r9, r10). At resolutions 7–9 the finer digits fill fewer than 32 bits, so only the
 * resolution field (bits 52–55, in the high word) and the low word change.
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

const words = new Uint32Array(8);

/** The 64-bit value of a cell given as two 32-bit words, in decimal. */
export function wordsToDecimal(high: number, low: number): string {
  return ((BigInt(high) << 32n) | BigInt(low)).toString();
}

/** The resolution-10 cell of a point (entity.h3_r10) as a decimal string. */
export function h3Cell(lat: number, lng: number): string {
  return BigInt('0x' + latLngToCell(lat, lng, 10)).toString();
}

/** [r7, r8, r9, r10] of a point as decimal strings. */
export function h3Cells(lat: number, lng: number): H3Cells {
  h3CellWords(lat, lng, words);
  return [wordsToDecimal(words[0], words[1]), wordsToDecimal(words[2], words[3]), wordsToDecimal(words[4], words[5]), wordsToDecimal(words[6], words[7])];
}
