/** Point samples of a region and the weighted k-means that places cell sites on them. */
import type { Random } from '../../random.ts';
import { bboxOf, multiPolygonArea, pointInMultiPolygon, type MultiPolygon, type XY } from './planar.ts';

export interface Samples {
  points: XY[];
  /** Area each sample stands for, km². */
  cellArea: number;
}

/** About `count` jittered-grid points inside the region (at least one per polygon is not guaranteed). */
export function sampleRegion(region: MultiPolygon, count: number, random: Random): Samples {
  const area = multiPolygonArea(region);
  const spacing = Math.sqrt(area / count);
  const [minX, minY, maxX, maxY] = bboxOf(region);
  const points: XY[] = [];
  for (let y = minY + spacing / 2; y < maxY; y += spacing) {
    for (let x = minX + spacing / 2; x < maxX; x += spacing) {
      const px = x + random.range(-0.45, 0.45) * spacing;
      const py = y + random.range(-0.45, 0.45) * spacing;
      if (pointInMultiPolygon(px, py, region)) points.push([px, py]);
    }
  }
  return { points, cellArea: spacing * spacing };
}

export interface Clustering {
  centers: XY[];
  /** Cluster index of each point. */
  assignment: Int32Array;
}

/**
 * Lloyd's k-means with point weights. Centres settle where weight is dense, so their Voronoi
 * cells are small there; every cluster keeps at least one point, so every cell cut to the
 * region is non-empty.
 */
export function weightedKMeans(
  points: XY[],
  weights: number[],
  k: number,
  random: Random,
  iterations = 30,
): Clustering {
  if (points.length < k) throw new Error(`cannot place ${k} sites on ${points.length} samples`);
  const centers = seedCenters(points, weights, k, random);
  const assignment = new Int32Array(points.length);
  for (let round = 0; round <= iterations; round++) {
    assign(points, centers, assignment);
    if (refillEmptyClusters(points, centers, assignment)) continue;
    if (round === iterations) break;
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const sw = new Float64Array(k);
    for (let i = 0; i < points.length; i++) {
      const c = assignment[i];
      const w = weights[i] + 1e-12;
      sx[c] += w * points[i][0];
      sy[c] += w * points[i][1];
      sw[c] += w;
    }
    for (let c = 0; c < k; c++) centers[c] = [sx[c] / sw[c], sy[c] / sw[c]];
  }
  return { centers, assignment };
}

function assign(points: XY[], centers: XY[], assignment: Int32Array): void {
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < centers.length; c++) {
      const dx = p[0] - centers[c][0];
      const dy = p[1] - centers[c][1];
      const d = dx * dx + dy * dy;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    assignment[i] = best;
  }
}

/** Moves the centre of an empty cluster onto the point farthest from its own centre. */
function refillEmptyClusters(points: XY[], centers: XY[], assignment: Int32Array): boolean {
  const sizes = new Int32Array(centers.length);
  for (const c of assignment) sizes[c]++;
  let refilled = false;
  for (let c = 0; c < centers.length; c++) {
    if (sizes[c] > 0) continue;
    let far = -1;
    let farDistance = -1;
    points.forEach(([x, y], i) => {
      const own = centers[assignment[i]];
      const d = (x - own[0]) ** 2 + (y - own[1]) ** 2;
      if (sizes[assignment[i]] > 1 && d > farDistance) {
        farDistance = d;
        far = i;
      }
    });
    sizes[assignment[far]]--;
    assignment[far] = c;
    sizes[c] = 1;
    centers[c] = [...points[far]];
    refilled = true;
  }
  return refilled;
}

/** k-means++ seeding, weighted. */
function seedCenters(points: XY[], weights: number[], k: number, random: Random): XY[] {
  const centers: XY[] = [[...pickWeighted(points, weights, random)]];
  const nearest = points.map(([x, y]) => (x - centers[0][0]) ** 2 + (y - centers[0][1]) ** 2);
  while (centers.length < k) {
    const next = pickWeighted(
      points,
      nearest.map((d, i) => d * (weights[i] + 1e-12)),
      random,
    );
    centers.push([...next]);
    points.forEach(([x, y], i) => {
      nearest[i] = Math.min(nearest[i], (x - next[0]) ** 2 + (y - next[1]) ** 2);
    });
  }
  return centers;
}

function pickWeighted<T>(items: T[], weights: number[], random: Random): T {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let target = random.next() * total;
  for (let i = 0; i < items.length; i++) {
    target -= weights[i];
    if (target < 0) return items[i];
  }
  return items[items.length - 1];
}
