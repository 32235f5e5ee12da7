/**
 * Point → polygon lookup over a fixed set of (multi)polygons that tile an area, as used for
 * grids. A raster of cells over the extent answers most points with one array read: a cell
 * lying wholly inside one polygon stores that polygon; only cells that a boundary crosses keep
 * a candidate list, tested exactly with point-in-polygon-hao (robust predicates). Polygons are
 * tried in their given order, so a point on a shared edge goes to the first.
 */
import pointInPolygon from 'point-in-polygon-hao';

type Polygon = number[][][];
type MultiPolygon = Polygon[];

const OUTSIDE = -1;
const MIXED = -2;

export class PointLocator {
  private readonly minX: number;
  private readonly minY: number;
  private readonly cellW: number;
  private readonly cellH: number;
  /** Per cell: a polygon index (cell wholly inside it), OUTSIDE, or MIXED (see candidates). */
  private readonly cells: Int32Array;
  private readonly candidateStart: Int32Array;
  private readonly candidates: Int32Array;

  constructor(
    private readonly items: MultiPolygon[],
    private readonly columns = 512,
    private readonly rows = 512,
  ) {
    const boxes = items.map(bounds);
    const extent = boxes.length ? boxes : [[0, 0, 0, 0]];
    this.minX = Math.min(...extent.map((b) => b[0]));
    this.minY = Math.min(...extent.map((b) => b[1]));
    const maxX = Math.max(...extent.map((b) => b[2]));
    const maxY = Math.max(...extent.map((b) => b[3]));
    this.cellW = (maxX - this.minX) / columns || 1;
    this.cellH = (maxY - this.minY) / rows || 1;

    // Candidates per cell: the polygons whose bounding box touches it, in item order.
    const perCell: number[][] = Array.from({ length: columns * rows }, () => []);
    boxes.forEach((box, item) => {
      const [c0, r0] = this.cellOf(box[0], box[1]);
      const [c1, r1] = this.cellOf(box[2], box[3]);
      for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) perCell[r * columns + c].push(item);
    });

    this.cells = new Int32Array(columns * rows).fill(OUTSIDE);
    const start = new Int32Array(columns * rows + 1);
    const list: number[] = [];
    for (let cell = 0; cell < perCell.length; cell++) {
      start[cell] = list.length;
      const found = perCell[cell];
      if (found.length === 0) continue;
      const rect = this.cellRect(cell);
      const whole = found.find((item) => rectInside(rect, items[item]));
      if (whole !== undefined) {
        this.cells[cell] = whole;
      } else {
        this.cells[cell] = MIXED;
        list.push(...found);
      }
    }
    start[perCell.length] = list.length;
    this.candidateStart = start;
    this.candidates = Int32Array.from(list);
  }

  /** Index of the polygon holding (x, y), or -1. */
  locate(x: number, y: number): number {
    const c = Math.floor((x - this.minX) / this.cellW);
    const r = Math.floor((y - this.minY) / this.cellH);
    // The extent's max edge belongs to the last cell.
    const col = c === this.columns && x === this.minX + this.cellW * this.columns ? c - 1 : c;
    const row = r === this.rows && y === this.minY + this.cellH * this.rows ? r - 1 : r;
    if (!(col >= 0 && row >= 0 && col < this.columns && row < this.rows)) return OUTSIDE; // NaN-safe
    const cell = row * this.columns + col;
    const state = this.cells[cell];
    if (state !== MIXED) return state;
    const point = [x, y];
    for (let i = this.candidateStart[cell]; i < this.candidateStart[cell + 1]; i++) {
      const item = this.candidates[i];
      for (const polygon of this.items[item]) if (pointInPolygon(point, polygon) !== false) return item;
    }
    return OUTSIDE;
  }

  private cellOf(x: number, y: number): [number, number] {
    const c = Math.min(this.columns - 1, Math.max(0, Math.floor((x - this.minX) / this.cellW)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cellH)));
    return [c, r];
  }

  private cellRect(cell: number): [number, number, number, number] {
    const c = cell % this.columns;
    const r = Math.floor(cell / this.columns);
    const x0 = this.minX + c * this.cellW;
    const y0 = this.minY + r * this.cellH;
    return [x0, y0, x0 + this.cellW, y0 + this.cellH];
  }
}

function bounds(polygons: MultiPolygon): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Whether the closed rectangle lies wholly inside one part of the multipolygon: its four corners
 * strictly inside that part and no ring edge of it coming near the rectangle (a slightly grown
 * rectangle, so rounding can only send a cell to the exact test, never answer wrongly).
 */
function rectInside(rect: [number, number, number, number], polygons: MultiPolygon): boolean {
  const [x0, y0, x1, y1] = rect;
  const corners = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  const pad = Math.max(x1 - x0, y1 - y0) * 1e-6;
  const grown: [number, number, number, number] = [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
  return polygons.some(
    (polygon) =>
      corners.every((corner) => pointInPolygon(corner, polygon) === true) &&
      polygon.every((ring) => ring.every((p, i) => i === 0 || !segmentTouchesRect(ring[i - 1], p, grown))),
  );
}

/** Liang–Barsky: does the segment a–b meet the rectangle? */
function segmentTouchesRect(a: number[], b: number[], [x0, y0, x1, y1]: [number, number, number, number]): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a[0] - x0],
    [dx, x1 - a[0]],
    [-dy, a[1] - y0],
    [dy, y1 - a[1]],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  return true;
}
