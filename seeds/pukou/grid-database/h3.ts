/**
 * H3 cells of a point at resolutions 7–10, as decimal strings of the 64-bit index (the form
 * SQL takes for a bigint; JS numbers lose precision above 2^53).
 */
import { latLngToCell } from 'h3-js';

export const H3_RESOLUTIONS = [7, 8, 9, 10] as const;

/** [r7, r8, r9, r10] as decimal strings. */
export type H3Cells = [string, string, string, string];

const RESOLUTION_MASK = ~(0xfn << 52n);

/** The 64-bit H3 index of a cell given as h3-js's hex string. */
export function h3ToBigInt(cell: string): bigint {
  return BigInt('0x' + cell);
}

/**
 * r10 from h3-js; its parents by bit operations (set the resolution field, fill the finer
 * digits with 7), which is what `cellToParent` does, without three more round trips into wasm.
 */
export function h3Cells(lat: number, lng: number): H3Cells {
  const r10 = h3ToBigInt(latLngToCell(lat, lng, 10));
  const base = r10 & RESOLUTION_MASK;
  return [parent(base, 7), parent(base, 8), parent(base, 9), r10.toString()];
}

function parent(base: bigint, res: number): string {
  const finer = (1n << BigInt(3 * (15 - res))) - 1n;
  return (base | (BigInt(res) << 52n) | finer).toString();
}
