/** Small planar helpers on GeoJSON polygons (lon/lat degrees). Pure: used by the map and by tests. */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Bbox } from '../api.ts';

type Area = Polygon | MultiPolygon;

function polygonsOf(geometry: Area): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

export function bboxOf(geometry: Area): Bbox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const [x, y] of polygon[0]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return Math.abs(sum) / 2;
}

export interface InteriorPoint {
  /** A point inside the polygon, away from its edges: where a label or a test click goes. */
  position: [number, number];
  /** Width in degrees of longitude of the horizontal span through `position`. */
  spanDegrees: number;
}

/**
 * A point well inside the largest part of an area: the middle of the widest horizontal span
 * among a few scanlines, preferring lines near the vertical middle. Always inside (unlike the
 * centroid of a concave shape), and cheap enough for a few hundred features.
 */
export function interiorPoint(geometry: Area): InteriorPoint {
  const polygon = polygonsOf(geometry).reduce((best, p) => (ringArea(p[0]) > ringArea(best[0]) ? p : best));
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [, y] of polygon[0]) {
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const lines = 15;
  let best: InteriorPoint | undefined;
  let bestScore = -Infinity;
  for (let k = 1; k <= lines; k++) {
    const y = minY + ((maxY - minY) * k) / (lines + 1);
    const crossings: number[] = [];
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x1, y1] = ring[j];
        const [x2, y2] = ring[i];
        if (y1 > y !== y2 > y) crossings.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    crossings.sort((a, b) => a - b);
    // A slight preference for the middle keeps labels from sliding to a wide but far edge.
    const centrality = 1 - Math.abs(k / (lines + 1) - 0.5);
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      const span = crossings[i + 1] - crossings[i];
      const score = span * (0.75 + 0.5 * centrality);
      if (score > bestScore) {
        bestScore = score;
        best = { position: [(crossings[i] + crossings[i + 1]) / 2, y], spanDegrees: span };
      }
    }
  }
  if (!best) {
    const [x0, y0, x1, y1] = bboxOf(geometry);
    return { position: [(x0 + x1) / 2, (y0 + y1) / 2], spanDegrees: 0 };
  }
  return best;
}
