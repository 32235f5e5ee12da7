/**
 * Streets: a power diagram whose weights are fitted so each street gets its planned share of
 * the real outline. Between fits each site moves halfway between its planned place and its
 * cell's centroid: with fixed sites a small street squeezed between large ones ends up away
 * from its site, while fully centroidal sites would drift far from the planned geography.
 */
import type { Random } from '../../random.ts';
import { cutToParent, padded, powerCells } from './cells.ts';
import { Coverage } from './coverage.ts';
import { STREET_PLANS } from './geography.ts';
import { bboxOf, centroid, multiPolygonArea, type LocalFrame, type MultiPolygon, type XY } from './planar.ts';
import type { StreetReference } from './reference.ts';
import { sampleRegion } from './sampling.ts';

const RELAXATIONS = 6;

export interface StreetPartition {
  /** One region (km) per street, in the order given; the regions tile the outline. */
  regions: MultiPolygon[];
  /** Centroid of each street's region, by street code. */
  centres: Map<string, XY>;
}

export function partitionStreets(
  outline: MultiPolygon,
  streets: StreetReference[],
  frame: LocalFrame,
  random: Random,
): StreetPartition {
  const plannedSites = streets.map((street) => {
    const plan = STREET_PLANS[street.code];
    if (!plan) throw new Error(`no street plan for ${street.code} ${street.name}`);
    return frame.toKm(plan.site);
  });
  const sites = plannedSites.map(([x, y]): XY => [x, y]);
  const totalArea = multiPolygonArea(outline);
  const planned = streets.map((street) => STREET_PLANS[street.code].area);
  const scale = totalArea / planned.reduce((sum, area) => sum + area, 0);
  const targets = planned.map((area) => area * scale);
  const { points } = sampleRegion(outline, 8_000, random);

  const weights = sites.map(() => 0);
  for (let round = 0; round <= RELAXATIONS; round++) {
    const owner = fitPowerWeights(sites, weights, targets, points, totalArea / points.length);
    if (round < RELAXATIONS) moveTowardsCentroids(sites, plannedSites, owner, points);
  }

  const coverage = new Coverage();
  powerCells(sites, weights, padded(bboxOf(outline), 5)).forEach((cell, street) => {
    for (const piece of cutToParent(cell, outline)) coverage.addPolygon(street, piece);
  });
  coverage.node();
  coverage.absorbDetached(() => 0);
  const regions = streets.map((_, street) => coverage.toMultiPolygon(coverage.union([street])));
  return { regions, centres: new Map(streets.map((street, i) => [street.code, centroid(regions[i])])) };
}

/**
 * Adjusts the weights in place until every cell's sampled area is within 1 % of its target;
 * returns the cell of each point. Raising a weight by δ moves the cell's edges out by about
 * δ / (2 × distance to the neighbour), hence the step.
 */
function fitPowerWeights(
  sites: XY[],
  weights: number[],
  targets: number[],
  points: XY[],
  areaPerPoint: number,
): Int32Array {
  const n = sites.length;
  const squared = new Float64Array(points.length * n);
  points.forEach(([x, y], p) => sites.forEach(([sx, sy], i) => (squared[p * n + i] = (x - sx) ** 2 + (y - sy) ** 2)));
  const owner = new Int32Array(points.length);
  for (let round = 0; round < 300; round++) {
    const counts = new Float64Array(n);
    for (let p = 0, offset = 0; p < points.length; p++, offset += n) {
      let best = 0;
      let bestPower = squared[offset] - weights[0];
      for (let i = 1; i < n; i++) {
        const power = squared[offset + i] - weights[i];
        if (power < bestPower) {
          bestPower = power;
          best = i;
        }
      }
      owner[p] = best;
      counts[best]++;
    }
    let worst = 0;
    targets.forEach((target, i) => {
      const error = target - counts[i] * areaPerPoint;
      worst = Math.max(worst, Math.abs(error) / target);
      weights[i] += (0.8 * error) / Math.PI;
    });
    if (worst < 0.01) break;
  }
  return owner;
}

function moveTowardsCentroids(sites: XY[], planned: XY[], owner: Int32Array, points: XY[]): void {
  const sums = sites.map(() => [0, 0, 0]);
  points.forEach(([x, y], p) => {
    const sum = sums[owner[p]];
    sum[0] += x;
    sum[1] += y;
    sum[2]++;
  });
  sums.forEach(([sx, sy, n], i) => {
    if (n > 0) sites[i] = [(planned[i][0] + sx / n) / 2, (planned[i][1] + sy / n) / 2];
  });
}
