/**
 * Grid and H3 cells of points already seen, in a direct-mapped table of typed arrays: a hit
 * costs a hash and two comparisons, and entries allocate nothing (a Map of objects made the
 * garbage collector the import's largest cost). People share their building's point, so many
 * rows of a file repeat a point.
 */
import { H3Cells } from './h3-cells.ts';

const SLOTS = 1 << 15;
const bits = new Float64Array(2);
const words = new Uint32Array(bits.buffer);

export class PlaceCache {
  /** H3 words of each slot: 8 per slot (r7..r10, high and low), see h3CellWords. */
  readonly h3 = new Uint32Array(SLOTS * 8);
  private readonly lon = new Float64Array(SLOTS);
  private readonly lat = new Float64Array(SLOTS);
  private readonly filled = new Uint8Array(SLOTS);
  private readonly grids = new Array<string | null>(SLOTS).fill(null);
  /** Most points are new, but they share far fewer cells. */
  readonly cells = new H3Cells();

  constructor(private readonly locate: (lon: number, lat: number) => string | null) {}

  /** The slot holding (lon, lat), filled on a miss. */
  slot(lon: number, lat: number): number {
    bits[0] = lon;
    bits[1] = lat;
    const slot = (Math.imul(words[0] ^ words[1], 0x9e3779b1) ^ Math.imul(words[2] ^ words[3], 0x85ebca6b)) >>> (32 - 15);
    if (this.filled[slot] === 1 && this.lon[slot] === lon && this.lat[slot] === lat) return slot;
    this.cells.cellWords(lat, lon, this.h3, slot * 8);
    this.lon[slot] = lon;
    this.lat[slot] = lat;
    this.grids[slot] = this.locate(lon, lat);
    this.filled[slot] = 1;
    return slot;
  }

  grid(slot: number): string | null {
    return this.grids[slot];
  }
}
