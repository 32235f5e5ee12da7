/** Cells around sites (Voronoi and power diagrams), cut to a parent region. */
import { Delaunay } from 'd3-delaunay';
import * as polyclip from 'polyclip-ts';
import {
  bboxOf,
  openRing,
  pointInMultiPolygon,
  pointInRing,
  signedArea,
  type BBox,
  type MultiPolygon,
  type Ring,
  type XY,
} from './planar.ts';

function boxRing([minX, minY, maxX, maxY]: BBox): Ring {
  return [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
  ];
}

/** Pads a box so cells reach well past the region they will be cut to. */
export function padded([minX, minY, maxX, maxY]: BBox, margin: number): BBox {
  return [minX - margin, minY - margin, maxX + margin, maxY + margin];
}

/** Voronoi cells of the sites inside the box (d3-delaunay: neighbouring cells share vertices). */
export function voronoiCells(sites: XY[], box: BBox): Ring[] {
  if (sites.length === 1) return [boxRing(box)];
  const voronoi = Delaunay.from(sites).voronoi(box);
  return sites.map((_, i) => openRing(voronoi.cellPolygon(i) ?? []));
}

/**
 * Power-diagram cells: site i owns the points where |x - p_i|² - w_i is smallest, so a larger
 * weight gives a larger cell with straight edges. Each cell is the box cut by one half-plane
 * per other site.
 */
export function powerCells(sites: XY[], weights: number[], box: BBox): Ring[] {
  return sites.map((p, i) => {
    let cell = boxRing(box);
    sites.forEach((q, j) => {
      if (j === i) return;
      // |x-p|² - w_i <= |x-q|² - w_j  ⇔  2x·(q-p) <= |q|² - |p|² + w_i - w_j
      const [nx, ny] = [2 * (q[0] - p[0]), 2 * (q[1] - p[1])];
      const limit = q[0] ** 2 + q[1] ** 2 - p[0] ** 2 - p[1] ** 2 + weights[i] - weights[j];
      cell = clipHalfPlane(cell, (x, y) => nx * x + ny * y - limit);
    });
    return cell;
  });
}

/** Sutherland–Hodgman against one half-plane (inside where side <= 0). */
function clipHalfPlane(ring: Ring, side: (x: number, y: number) => number): Ring {
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const sa = side(a[0], a[1]);
    const sb = side(b[0], b[1]);
    if (sa <= 0) out.push(a);
    if ((sa < 0 && sb > 0) || (sa > 0 && sb < 0)) {
      const t = sa / (sa - sb);
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
    }
  }
  return out;
}

/** The part of a cell inside the parent; may be several polygons where the parent is concave. */
export function cutToParent(cell: Ring, parent: MultiPolygon): MultiPolygon {
  if (cell.length < 3) return [];
  const crossings = boundaryCrossings(cell, parent);
  // Most cells lie wholly inside their parent (or outside it), unless a parent ring lies inside the cell.
  if (crossings === 0 && !parent.some((polygon) => polygon.some(([[x, y]]) => pointInRing(x, y, cell)))) {
    return pointInMultiPolygon(cell[0][0], cell[0][1], parent) ? [[cell]] : [];
  }
  // One stretch of boundary through the cell: a single piece, built directly (the general
  // clipper is exact but slow, and clipping by half-planes leaves slivers where the parent is concave).
  if (crossings === 2 && parent.length === 1 && parent[0].length === 1) {
    const piece = cutOnce(signedArea(cell) > 0 ? cell : [...cell].reverse(), parent[0][0]);
    if (piece) return [[piece]];
  }
  const clipped = polyclip.intersection(
    [[...cell, cell[0]]],
    parent.map((polygon) => polygon.map((ring) => [...ring, ring[0]])),
  );
  return clipped.map((polygon) => polygon.map(openRing));
}

interface Crossing {
  /** Index of the parent edge (from vertex `edge`) and position along it. */
  edge: number;
  along: number;
  /** Index of the cell edge (from vertex `cellEdge`) and position along it. */
  cellEdge: number;
  alongCell: number;
  point: XY;
}

/**
 * The piece of a counter-clockwise parent ring inside a counter-clockwise convex cell whose
 * boundary it crosses exactly twice: the parent's stretch from where it enters the cell to
 * where it leaves, then the cell's boundary back to the entry.
 */
function cutOnce(cell: Ring, ring: Ring): Ring | undefined {
  const crossings: Crossing[] = [];
  ring.forEach((p, edge) => {
    const q = ring[(edge + 1) % ring.length];
    cell.forEach((c, cellEdge) => {
      const d = cell[(cellEdge + 1) % cell.length];
      const hit = intersection(p, q, c, d);
      if (hit) crossings.push({ edge, cellEdge, ...hit });
    });
  });
  // Rounding can make this count differ from the robust one; then the general clipper decides.
  if (crossings.length !== 2) return undefined;
  crossings.sort((a, b) => a.edge - b.edge || a.along - b.along);
  const startsInside = pointInRing(ring[0][0], ring[0][1], cell);
  const [entry, exit] = startsInside ? [crossings[1], crossings[0]] : crossings;

  const piece: Ring = [entry.point];
  // Parent vertices after the entry edge up to the exit edge, wrapping round the ring.
  for (let v = (entry.edge + 1) % ring.length, steps = 0; ; v = (v + 1) % ring.length, steps++) {
    const sameEdge = entry.edge === exit.edge && entry.along < exit.along;
    if (sameEdge || steps >= ring.length) break;
    piece.push(ring[v]);
    if (v === exit.edge) break;
  }
  piece.push(exit.point);
  // Cell vertices from the exit back round to the entry.
  const direct = entry.cellEdge === exit.cellEdge && entry.alongCell > exit.alongCell;
  if (!direct) {
    for (let v = (exit.cellEdge + 1) % cell.length; ; v = (v + 1) % cell.length) {
      piece.push(cell[v]);
      if (v === entry.cellEdge) break;
    }
  }
  return piece;
}

/** Where segment pq properly crosses segment cd, with the positions along each. */
function intersection(p: XY, q: XY, c: XY, d: XY): { along: number; alongCell: number; point: XY } | undefined {
  const [rx, ry, sx, sy] = [q[0] - p[0], q[1] - p[1], d[0] - c[0], d[1] - c[1]];
  const denominator = rx * sy - ry * sx;
  if (denominator === 0) return undefined;
  const along = ((c[0] - p[0]) * sy - (c[1] - p[1]) * sx) / denominator;
  const alongCell = ((c[0] - p[0]) * ry - (c[1] - p[1]) * rx) / denominator;
  if (along <= 0 || along >= 1 || alongCell <= 0 || alongCell >= 1) return undefined;
  return { along, alongCell, point: [p[0] + along * rx, p[1] + along * ry] };
}

/**
 * How many times the parent's boundary properly crosses the cell's; -1 where they touch or
 * run along each other, so borderline cases go to the exact clipper.
 */
function boundaryCrossings(cell: Ring, parent: MultiPolygon): number {
  const [minX, minY, maxX, maxY] = bboxOf([[cell]]);
  let count = 0;
  for (const polygon of parent) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const p = ring[j];
        const q = ring[i];
        if (Math.max(p[0], q[0]) < minX || Math.min(p[0], q[0]) > maxX) continue;
        if (Math.max(p[1], q[1]) < minY || Math.min(p[1], q[1]) > maxY) continue;
        for (let k = 0, l = cell.length - 1; k < cell.length; l = k++) {
          const meeting = segmentsMeet(p, q, cell[l], cell[k]);
          if (meeting === 'touch') return -1;
          if (meeting === 'cross') count++;
        }
      }
    }
  }
  return count;
}

function segmentsMeet(a: XY, b: XY, c: XY, d: XY): 'cross' | 'touch' | 'apart' {
  const side = (p: XY, q: XY, r: XY) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const [abc, abd, cda, cdb] = [side(a, b, c), side(a, b, d), side(c, d, a), side(c, d, b)];
  if (abc * abd > 0 || cda * cdb > 0) return 'apart';
  return abc === 0 || abd === 0 || cda === 0 || cdb === 0 ? 'touch' : 'cross';
}
