/**
 * H3 cells of points, the words h3CellWords writes (resolution 10 and its parents r7–r9),
 * computed here instead of by a call into h3-js per point, which costs some 2 µs: most rows
 * of a file are points not seen before, so that call was the import's largest cost.
 *
 * latLngToCell depends only on the icosahedron face whose centre is nearest the point and the
 * point's hexagon on that face's lattice (the gnomonic projection from the face centre, scaled
 * to the resolution, rounded to the nearest lattice point); from that lattice point the digits
 * of the index follow by integer steps (the parent at each resolution, up to the face's
 * resolution-0 cell). The faces come from the icosahedron's vertices, the centres of H3's 12
 * resolution-0 pentagons. Which base cell a face's resolution-0 cell is, and by how many
 * sixths its digits are turned, is learnt from h3-js the first time it is met: the turn
 * depends on that cell alone, or, in a pentagon's base cell (Nanjing lies in one), also on the
 * first digit that is not 0; so at most 540 × 7 cases, of which a district meets a handful.
 * (The faces: h3-faces.ts.) Nearly every point of a file shares its cell with one read shortly
 * before, so the cells of recent lattice points are remembered and most points cost only the
 * projection.
 *
 * Exact where it answers, and h3-js answers the rest: points within MARGIN of a hexagon's
 * edge or of the border between two faces; a case is learnt only when all ten digits agree
 * under one turn; and every CHECK_EVERY-th point is compared with h3-js, any difference
 * turning this off for good.
 */
import { h3CellWords, writeCellWords } from '../entities/h3.ts';
import { icosahedron, type Faces } from './h3-faces.ts';

const RADIANS = Math.PI / 180;
const RESOLUTION = 10;
/** Lattice units per gnomonic unit: √7 per resolution over H3's resolution-0 unit, (3 − √5) / 2. */
const SCALE = (7 ** (RESOLUTION / 2) * 2) / (3 - Math.sqrt(5));
const SQRT3_2 = Math.sqrt(3) / 2;
/** In lattice units (≈ 1 mm at resolution 10): far above what rounding can move a point, far below a cell. */
const MARGIN = 1e-5;
const CHECK_EVERY = 4096;
const SEVENTH = 1 / 7;
/** 2^MEMO_BITS cells are remembered, by their lattice point. */
const MEMO_BITS = 11;

/** A case (a face's resolution-0 cell and the first digit that is not 0): not met yet, learnt, or left to h3-js. */
const UNKNOWN = 0;
const LEARNT = 1;
const H3JS = 2;
const CASES = 20 * 27 * 7;

let geometry: Faces | null | undefined;

/** Per case ((face · 27 + i · 9 + j · 3 + k) · 7 + first digit): state, base cell, turn of the digits. */
const states = new Uint8Array(CASES);
const baseCells = new Uint8Array(CASES);
const rotations = new Uint8Array(CASES);
let disabled = false;

/** ROTATE[r * 8 + d]: digit d turned by r sixths (K→IK→I→IJ→J→JK→K). */
const ROTATE = new Uint8Array(6 * 8);
for (let r = 0, turn = [0, 1, 2, 3, 4, 5, 6, 7]; r < 6; r++, turn = turn.map((d) => [0, 5, 3, 1, 6, 4, 2, 7][d])) ROTATE.set(turn, r * 8);

export class H3Cells {
  /** Points left to h3-js (for the benchmark and the tests). */
  calls = 0;
  private points = 0;
  private lastFace = 0;
  // The lattice point of the point being placed, and its digits 1..RESOLUTION.
  private face = 0;
  private i = 0;
  private j = 0;
  private readonly digits = new Uint8Array(RESOLUTION + 1);
  // ijk coordinates during the climb.
  private ci = 0;
  private cj = 0;
  private ck = 0;
  /** Remembered cells: per slot the lattice point (i, j, face) and the cell's high and low word; face −1: empty. */
  private readonly memo = new Int32Array(8 << MEMO_BITS).fill(-1);

  constructor() {
    // A vertex lies 2 resolution-0 units from its faces' centres: what SCALE assumes.
    if (geometry === undefined) geometry = icosahedron(SCALE, 2 * 7 ** (RESOLUTION / 2));
  }

  /** Writes the H3 words of (lat, lng), as h3CellWords does, into out[at .. at + 8). */
  cellWords(lat: number, lng: number, out: Uint32Array, at: number): void {
    if (!geometry || disabled || !this.place(geometry, lat, lng)) {
      this.calls++;
      h3CellWords(lat, lng, out, at);
      return;
    }
    const { i, j, face, memo } = this;
    const slot = ((Math.imul(i, 0x9e3779b1) ^ Math.imul(j, 0x85ebca6b) ^ Math.imul(face, 0xc2b2ae35)) >>> (32 - MEMO_BITS)) * 8;
    if (memo[slot] === i && memo[slot + 1] === j && memo[slot + 2] === face) {
      writeCellWords(memo[slot + 3], memo[slot + 4] >>> 0, out, at);
    } else {
      const key = this.climb();
      if (key < 0 || states[key] !== LEARNT) {
        this.calls++;
        h3CellWords(lat, lng, out, at);
        if (key >= 0 && states[key] === UNKNOWN) this.learn(key, out[at + 6], out[at + 7]);
        return;
      }
      const rotation = rotations[key] * 8;
      const d = this.digits;
      for (let r = 1; r <= RESOLUTION; r++) d[r] = ROTATE[rotation + d[r]];
      const high = (1 << 27) | (RESOLUTION << 20) | (baseCells[key] << 13) | (d[1] << 10) | (d[2] << 7) | (d[3] << 4) | (d[4] << 1) | (d[5] >> 2);
      const low = (((d[5] & 3) << 30) | (d[6] << 27) | (d[7] << 24) | (d[8] << 21) | (d[9] << 18) | (d[10] << 15) | 0x7fff) >>> 0;
      writeCellWords(high, low, out, at);
      memo[slot] = i;
      memo[slot + 1] = j;
      memo[slot + 2] = face;
      memo[slot + 3] = high;
      memo[slot + 4] = low;
    }
    if (++this.points % CHECK_EVERY === 0) this.check(lat, lng, out, at);
  }

  /** Sets face, i, j for the point; false when it is too near the border of a face or of a hexagon to say. */
  private place({ faces: f, neighbours: n }: Faces, lat: number, lng: number): boolean {
    const phi = lat * RADIANS;
    const lambda = lng * RADIANS;
    const cosPhi = Math.cos(phi);
    const x = cosPhi * Math.cos(lambda);
    const y = cosPhi * Math.sin(lambda);
    const z = Math.sin(phi);
    // Points of a file lie mostly on one face: the last one, when its centre beats its three
    // neighbours' by the margin (a circle around the centre would miss the face's corners, where Nanjing lies).
    let face = this.lastFace;
    const own = f[face * 9] * x + f[face * 9 + 1] * y + f[face * 9 + 2] * z;
    const a = n[face * 3] * 9;
    const b = n[face * 3 + 1] * 9;
    const c = n[face * 3 + 2] * 9;
    const near = Math.max(f[a] * x + f[a + 1] * y + f[a + 2] * z, f[b] * x + f[b + 1] * y + f[b + 2] * z, f[c] * x + f[c + 1] * y + f[c + 2] * z);
    if (own - near < 1e-9) {
      let best = -2;
      let second = -2;
      for (let g = 0; g < 20; g++) {
        const d = f[g * 9] * x + f[g * 9 + 1] * y + f[g * 9 + 2] * z;
        if (d > best) {
          second = best;
          best = d;
          face = g;
        } else if (d > second) {
          second = d;
        }
      }
      if (best - second < 1e-9) return false;
      this.lastFace = face;
    }
    const o = face * 9;
    const scale = SCALE / (f[o] * x + f[o + 1] * y + f[o + 2] * z);
    const vx = (f[o + 3] * x + f[o + 4] * y + f[o + 5] * z) * scale;
    const vy = (f[o + 6] * x + f[o + 7] * y + f[o + 8] * z) * scale;
    // Lattice basis (1, 0) and (−1/2, √3/2) (H3's i and j axes): the nearest lattice point is a
    // corner of the rhombus holding the point.
    const w = vy / SQRT3_2;
    const u0 = Math.floor(vx + w / 2);
    const w0 = Math.floor(w);
    let bestDistance = Infinity;
    for (let c = 0; c < 4; c++) {
      const ci = u0 + (c & 1);
      const cj = w0 + (c >> 1);
      const dx = vx - (ci - cj / 2);
      const dy = vy - cj * SQRT3_2;
      if (dx * dx + dy * dy < bestDistance) {
        bestDistance = dx * dx + dy * dy;
        this.i = ci;
        this.j = cj;
      }
    }
    this.face = face;
    const rx = vx - (this.i - this.j / 2);
    const ry = vy - this.j * SQRT3_2;
    // The hexagon around a lattice point: within 1/2 along each of the three directions to its neighbours.
    return Math.max(Math.abs(rx), Math.abs(rx / 2 + ry * SQRT3_2), Math.abs(ry * SQRT3_2 - rx / 2)) < 0.5 - MARGIN;
  }

  /**
   * From the lattice point up to the face's resolution-0 cell, noting the digit at each
   * resolution (the offset from the parent's centre); returns the case, or -1.
   */
  private climb(): number {
    // ijk coordinates, normalised (none negative, the smallest 0), from the lattice's i and j.
    const m = Math.min(this.i, this.j, 0);
    this.ci = this.i - m;
    this.cj = this.j - m;
    this.ck = -m;
    let r = RESOLUTION;
    while (r >= 1 && this.up(r)) r--;
    const { ci, cj, ck, digits } = this;
    if (r !== 0 || ci > 2 || cj > 2 || ck > 2) return -1;
    // (Near a pentagon's centre the first digit that is not 0 may be one of the last.)
    let first = 1;
    while (first <= RESOLUTION && digits[first] === 0) first++;
    return (this.face * 27 + ci * 9 + cj * 3 + ck) * 7 + (first > RESOLUTION ? 0 : digits[first]);
  }

  /**
   * One step up: (ci, cj, ck) at resolution r becomes its parent's, and digit r is noted;
   * false when the offset is not a unit vector (it always is). At odd resolutions (H3's
   * Class III) the lattice turns one way, at even ones back.
   */
  private up(r: number): boolean {
    const { ci: i, cj: j, ck: k } = this;
    const pi = i - k;
    const pj = j - k;
    // x/7 rounded (never a tie) by a multiplication: a division takes far longer, and this chain is the cost.
    let ni: number, nj: number;
    if (r & 1) {
      ni = Math.floor((3 * pi - pj) * SEVENTH + 0.5);
      nj = Math.floor((pi + 2 * pj) * SEVENTH + 0.5);
    } else {
      ni = Math.floor((2 * pi + pj) * SEVENTH + 0.5);
      nj = Math.floor((3 * pj - pi) * SEVENTH + 0.5);
    }
    let m = ni < nj ? (ni < 0 ? ni : 0) : nj < 0 ? nj : 0;
    ni -= m;
    nj -= m;
    const nk = -m;
    // The offset from the parent's centre (the parent scaled back down).
    let di: number, dj: number, dk: number;
    if (r & 1) {
      di = i - (3 * ni + nj);
      dj = j - (3 * nj + nk);
      dk = k - (ni + 3 * nk);
    } else {
      di = i - (3 * ni + nk);
      dj = j - (ni + 3 * nj);
      dk = k - (nj + 3 * nk);
    }
    m = di < dj ? (di < dk ? di : dk) : dj < dk ? dj : dk;
    di -= m;
    dj -= m;
    dk -= m;
    if (di > 1 || dj > 1 || dk > 1) return false;
    this.digits[r] = 4 * di + 2 * dj + dk;
    this.ci = ni;
    this.cj = nj;
    this.ck = nk;
    return true;
  }

  /** Learns the base cell and turn of case `key` from h3-js's cell (high, low) for the point just climbed. */
  private learn(key: number, high: number, low: number): void {
    states[key] = H3JS;
    const baseCell = (high >>> 13) & 0x7f;
    if (high >>> 20 !== ((1 << 7) | RESOLUTION)) return;
    const theirs = [0, (high >>> 10) & 7, (high >>> 7) & 7, (high >>> 4) & 7, (high >>> 1) & 7, ((high & 1) << 2) | (low >>> 30)];
    for (let r = 6; r <= RESOLUTION; r++) theirs.push((low >>> (3 * (15 - r))) & 7);
    for (let rotation = 0; rotation < 6; rotation++) {
      let r = 1;
      while (r <= RESOLUTION && ROTATE[rotation * 8 + this.digits[r]] === theirs[r]) r++;
      if (r > RESOLUTION) {
        states[key] = LEARNT;
        baseCells[key] = baseCell;
        rotations[key] = rotation;
        return;
      }
    }
  }

  private check(lat: number, lng: number, out: Uint32Array, at: number): void {
    const expected = new Uint32Array(8);
    h3CellWords(lat, lng, expected, 0);
    this.calls++;
    if (expected.every((word, w) => word === out[at + w])) return;
    disabled = true;
    console.error(`h3-cells: (${lat}, ${lng}) came out unlike h3-js; every point takes h3-js from now on`);
    out.set(expected, at);
  }
}
