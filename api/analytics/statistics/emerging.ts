/**
 * ArcGIS's "Emerging Hot Spot Analysis" (pro.arcgis.com, tool-reference/space-time-pattern-mining,
 * "How Emerging Hot Spot Analysis works"): a space-time Gi* of every bin of a cube of counts
 * against the mean and deviation of the entire cube, its neighbourhood being the cell's spatial
 * neighbours in this and the `timeWindow` previous steps; FDR-corrected confidence bins; a
 * Mann–Kendall test on each cell's series of z scores; and ArcGIS's 17 categories.
 *
 * Choices where the published definitions leave room (documented so the UI can say them):
 * - a "significant" hot (cold) bin is any positive (negative) confidence bin, 90 % and above;
 * - the trend of intensifying / diminishing is significant at p < TREND_ALPHA (0.05);
 * - "at least 90 % of the steps" is hot ≥ 0.9 · steps;
 * - the side of the final step is judged first (a cell hot for 9 steps and cold in the last is
 *   an oscillating cold spot, not a historical hot spot), and new, consecutive and sporadic
 *   spots have never been the opposite: a past opposite spot makes them oscillating.
 */
import { giStarZ, meanAndDeviation } from './gi-star.ts';
import { confidenceBins } from './fdr.ts';
import { mannKendall, type TrendTest } from './mann-kendall.ts';
import { twoSidedP } from './normal.ts';

export const EMERGING_CATEGORIES = ['new_hot', 'consecutive_hot', 'intensifying_hot', 'persistent_hot',
  'diminishing_hot', 'sporadic_hot', 'oscillating_hot', 'historical_hot', 'new_cold', 'consecutive_cold',
  'intensifying_cold', 'persistent_cold', 'diminishing_cold', 'sporadic_cold', 'oscillating_cold',
  'historical_cold', 'no_pattern'] as const;
export type EmergingCategory = (typeof EMERGING_CATEGORIES)[number];
export interface SpaceTimeCube { cells: number; steps: number; counts: Float64Array /* [step * cells + cell] */ }
export interface EmergingCell { category: EmergingCategory; trend: TrendTest; hotSteps: number; coldSteps: number;
  z: Float64Array /* per step */; bins: Int8Array /* per step */ }

/** Significance of the Mann–Kendall trend that makes a spot intensifying or diminishing. */
export const TREND_ALPHA = 0.05;

type Pattern = 'new' | 'consecutive' | 'intensifying' | 'persistent' | 'diminishing' | 'sporadic' | 'oscillating'
  | 'historical';

/** The pattern of a cell as a hot spot (side 1) or a cold spot (side −1), or null. */
function patternOf(bins: ArrayLike<number>, trend: TrendTest, side: 1 | -1): Pattern | null {
  const steps = bins.length;
  let spots = 0;
  let opposite = 0;
  for (let t = 0; t < steps; t++) {
    const signed = bins[t] * side;
    if (signed > 0) spots++;
    else if (signed < 0) opposite++;
  }
  const final = steps > 0 && bins[steps - 1] * side > 0;
  if (spots * 10 >= steps * 9 && spots > 0) {
    if (!final) return 'historical';
    // For a cold spot, a falling z (colder and colder) is the intensifying direction.
    const direction = trend.p < TREND_ALPHA ? Math.sign(trend.z) * side : 0;
    return direction > 0 ? 'intensifying' : direction < 0 ? 'diminishing' : 'persistent';
  }
  if (!final) return null;
  if (opposite > 0) return 'oscillating';
  let finalRun = 0;
  while (finalRun < steps && bins[steps - 1 - finalRun] * side > 0) finalRun++;
  if (finalRun < spots) return 'sporadic';
  return finalRun === 1 ? 'new' : 'consecutive';
}

/** The ArcGIS category of a cell from its confidence bins per step and the trend of its z scores. */
export function classifyEmerging(bins: ArrayLike<number>, trend: TrendTest): EmergingCategory {
  const last = bins.length > 0 ? bins[bins.length - 1] : 0;
  const sides: [1 | -1, 1 | -1] = last < 0 ? [-1, 1] : [1, -1];
  for (const side of sides) {
    const pattern = patternOf(bins, trend, side);
    if (pattern) return `${pattern}_${side > 0 ? 'hot' : 'cold'}`;
  }
  return 'no_pattern';
}

/** Space-time Gi* z per bin ([step * cells + cell]): neighbours in space × this and `timeWindow` previous steps. */
export function spaceTimeGiStar(cube: SpaceTimeCube, neighbours: ReadonlyArray<ArrayLike<number>>, timeWindow = 1): Float64Array {
  const { cells, steps, counts } = cube;
  if (counts.length !== cells * steps) throw new RangeError(`cube: ${counts.length} counts for ${cells} cells × ${steps} steps`);
  if (neighbours.length !== cells) throw new RangeError(`cube: ${cells} cells but ${neighbours.length} neighbour lists`);
  if (!Number.isInteger(timeWindow) || timeWindow < 0) throw new RangeError(`timeWindow must be a whole number ≥ 0, not ${timeWindow}`);
  const n = cells * steps;
  const { mean, deviation } = meanAndDeviation(counts);
  // Sum over spatial neighbours once per step, then slide the time window over those sums.
  const spatial = new Float64Array(n);
  for (let t = 0; t < steps; t++) {
    const row = t * cells;
    for (let cell = 0; cell < cells; cell++) {
      const around = neighbours[cell];
      let sum = 0;
      for (let k = 0; k < around.length; k++) sum += counts[row + around[k]];
      spatial[row + cell] = sum;
    }
  }
  // Row by row, so every loop walks memory in order: window(t) = window(t − 1) + spatial(t) − spatial(t − w − 1).
  const z = new Float64Array(n);
  const windowSum = new Float64Array(cells);
  for (let t = 0; t < steps; t++) {
    const row = t * cells;
    const leaving = (t - timeWindow - 1) * cells;
    const stepsIn = Math.min(t, timeWindow) + 1;
    for (let cell = 0; cell < cells; cell++) {
      windowSum[cell] += spatial[row + cell];
      if (leaving >= 0) windowSum[cell] -= spatial[leaving + cell];
      z[row + cell] = giStarZ(windowSum[cell], neighbours[cell].length * stepsIn, n, mean, deviation);
    }
  }
  return z;
}

/** ArcGIS "Emerging Hot Spot Analysis": space-time Gi* of every bin over its spatial neighbours
 *  (neighbours[i] incl. i) in this and the `timeWindow` previous steps (ArcGIS "neighborhood
 *  time step"), FDR-corrected bins, Mann–Kendall on each cell's z series, then ArcGIS's
 *  17 categories by its published rules (90 % of steps, final step, consecutive runs, …). */
export function emergingHotspots(cube: SpaceTimeCube, neighbours: ReadonlyArray<ArrayLike<number>>, timeWindow = 1): EmergingCell[] {
  const { cells, steps } = cube;
  const zAll = spaceTimeGiStar(cube, neighbours, timeWindow);
  const p = new Float64Array(zAll.length);
  for (let i = 0; i < zAll.length; i++) p[i] = twoSidedP(zAll[i]);
  const binsAll = confidenceBins(zAll, p);
  const result: EmergingCell[] = new Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const z = new Float64Array(steps);
    const bins = new Int8Array(steps);
    let hotSteps = 0;
    let coldSteps = 0;
    for (let t = 0; t < steps; t++) {
      z[t] = zAll[t * cells + cell];
      bins[t] = binsAll[t * cells + cell];
      if (bins[t] > 0) hotSteps++;
      else if (bins[t] < 0) coldSteps++;
    }
    const trend = mannKendall(z);
    result[cell] = { category: classifyEmerging(bins, trend), trend, hotSteps, coldSteps, z, bins };
  }
  return result;
}
