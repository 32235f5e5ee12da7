/**
 * Uniform random points inside a (multi)polygon. The bounding box is cut into a raster of
 * cells, each classified once as inside, outside or on the boundary; a sample picks a random
 * non-outside cell, and only points in boundary cells need the point-in-polygon test. That is
 * rejection sampling in the bounding box, minus the rejections that a cheap lookup can rule out.
 */
import type { MultiPolygon } from 'geojson';
import type { Random } from '../../random.ts';

const RASTER = 32;
const OUTSIDE = 0;
const INSIDE = 1;
const BOUNDARY = 2;

export interface PolygonSampler {
  /** A uniform random point inside the polygon, as [lng, lat]. */
  sample(rng: Random): [number, number];
  contains(lng: number, lat: number): boolean;
  /** Approximate area in km² (equirectangular at the polygon's latitude; fine for a district). */
  areaKm2: number;
}

export function polygonSampler(geometry: MultiPolygon): PolygonSampler {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const edges: number[] = [];
  let area = 0;
  for (const polygon of geometry.coordinates) {
    for (const [k, ring] of polygon.entries()) {
      let ringArea = 0;
      for (let i = 0; i < ring.length; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[(i + 1) % ring.length];
        if (x1 < minX) minX = x1;
        if (x1 > maxX) maxX = x1;
        if (y1 < minY) minY = y1;
        if (y1 > maxY) maxY = y1;
        if (x1 === x2 && y1 === y2) continue;
        edges.push(x1, y1, x2, y2);
        ringArea += x1 * y2 - x2 * y1;
      }
      // Holes subtract, whichever way the rings are wound.
      area += k === 0 ? Math.abs(ringArea) : -Math.abs(ringArea);
    }
  }
  if (edges.length === 0) throw new Error('cannot sample an empty polygon');
  const cellW = (maxX - minX) / RASTER;
  const cellH = (maxY - minY) / RASTER;

  // Edges by raster row, so a point-in-polygon test only looks at the edges that can cross its row.
  const rowEdges: number[][] = Array.from({ length: RASTER }, () => []);
  const cells = new Uint8Array(RASTER * RASTER);
  for (let e = 0; e < edges.length; e += 4) {
    const x1 = edges[e], y1 = edges[e + 1], x2 = edges[e + 2], y2 = edges[e + 3];
    const r0 = rowOf(Math.min(y1, y2)), r1 = rowOf(Math.max(y1, y2));
    const c0 = colOf(Math.min(x1, x2)), c1 = colOf(Math.max(x1, x2));
    for (let r = r0; r <= r1; r++) {
      rowEdges[r].push(x1, y1, x2, y2);
      for (let c = c0; c <= c1; c++) cells[r * RASTER + c] = BOUNDARY;
    }
  }
  const rows = rowEdges.map((list) => Float64Array.from(list));

  function rowOf(y: number): number {
    return Math.min(RASTER - 1, Math.max(0, Math.floor((y - minY) / cellH)));
  }
  function colOf(x: number): number {
    return Math.min(RASTER - 1, Math.max(0, Math.floor((x - minX) / cellW)));
  }
  function contains(x: number, y: number): boolean {
    if (x < minX || x > maxX || y < minY || y > maxY) return false;
    const list = rows[rowOf(y)];
    let inside = false;
    for (let e = 0; e < list.length; e += 4) {
      const y1 = list[e + 1], y2 = list[e + 3];
      if (y1 > y !== y2 > y) {
        const x1 = list[e], x2 = list[e + 2];
        if (x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
      }
    }
    return inside;
  }

  const candidates: number[] = [];
  for (let r = 0; r < RASTER; r++) {
    for (let c = 0; c < RASTER; c++) {
      const i = r * RASTER + c;
      if (cells[i] !== BOUNDARY) cells[i] = contains(minX + (c + 0.5) * cellW, minY + (r + 0.5) * cellH) ? INSIDE : OUTSIDE;
      if (cells[i] !== OUTSIDE) candidates.push(i);
    }
  }

  const midLat = ((minY + maxY) / 2) * (Math.PI / 180);
  const areaKm2 = (area / 2) * 111.32 * 111.32 * Math.cos(midLat);

  return {
    areaKm2,
    contains,
    sample(rng) {
      for (let attempt = 0; attempt < 10_000; attempt++) {
        const i = candidates[Math.floor(rng.next() * candidates.length)];
        const r = Math.floor(i / RASTER), c = i % RASTER;
        const x = minX + (c + rng.next()) * cellW;
        const y = minY + (r + rng.next()) * cellH;
        if (cells[i] === INSIDE || contains(x, y)) return [x, y];
      }
      throw new Error('could not sample a point inside the polygon (degenerate geometry?)');
    },
  };
}
