/**
 * Grid and H3 cells of points seen lately, in a direct-mapped table of typed arrays: a hit
 * costs a hash and two comparisons, and entries allocate nothing (a Map of objects made the
 * garbage collector the import's largest cost). People share their building's point, and a
 * file lists a building's people close together (within a few hundred rows), so a small table
 * holds nearly every repeat: an entry takes 64 bytes, about one cache line, and the whole table
 * (128 KB) stays in the processor's cache.
 */
import { H3Cells } from './h3-cells.ts';

/** 2^BITS entries. */
const BITS = 11;
/** 32-bit words per entry: lon and lat (as two doubles), 8 H3 words, padding. */
const STRIDE = 16;
const H3_AT = 4;

export class PlaceCache {
  /** H3 words of each entry (r7..r10, high and low; see h3CellWords) from h3At(slot). */
  readonly h3: Uint32Array;
  /** lon and lat of slot s at 8s and 8s + 1; NaN: empty. */
  private readonly points: Float64Array;
  private readonly grids = new Array<string | null>(1 << BITS).fill(null);
  /** Most points are new, but they share far fewer cells. */
  readonly cells = new H3Cells();

  constructor(private readonly locate: (lon: number, lat: number) => string | null) {
    const table = new ArrayBuffer((STRIDE * 4) << BITS);
    this.h3 = new Uint32Array(table);
    this.points = new Float64Array(table).fill(NaN);
  }

  /** The slot holding (lon, lat), filled on a miss. */
  slot(lon: number, lat: number): number {
    // From the coordinates to 1e-7° (the hash need not tell every point apart: the slot is checked).
    const slot = (Math.imul((lon * 1e7) | 0, 0x9e3779b1) ^ Math.imul((lat * 1e7) | 0, 0x85ebca6b)) >>> (32 - BITS);
    const points = this.points;
    const at = slot * (STRIDE / 2);
    if (points[at] === lon && points[at + 1] === lat) return slot;
    this.cells.cellWords(lat, lon, this.h3, this.h3At(slot));
    points[at] = lon;
    points[at + 1] = lat;
    this.grids[slot] = this.locate(lon, lat);
    return slot;
  }

  /** Where the slot's H3 words start in h3. */
  h3At(slot: number): number {
    return slot * STRIDE + H3_AT;
  }

  grid(slot: number): string | null {
    return this.grids[slot];
  }
}
