/**
 * How many records of each category each grid gets. Every category has a natural density
 * (categories.ts). At the full scale people and legal entities are one record per person or
 * place at those densities, and the city components fill the rest of the full figure (9.7
 * million); a smaller scale is the same composition scaled down. Each category's total is then
 * spread over the grids in proportion to the expected counts (systematic sampling: every grid
 * gets the floor or the ceiling of its share, and the sums are exact).
 */
import { Random } from '../../random.ts';
import type { GridSeed, PukouNetwork, SeedScale } from '../types.ts';
import { expectedRecords, gridDatabaseCategories, type CategoryDef } from './categories.ts';
import { polygonSampler, type PolygonSampler } from './sampler.ts';

/** Records in the grid database at each scale (the full one is the seed figure of Pukou's). */
export const SCALE_TOTALS: Record<SeedScale, number> = { demo: 200_000, full: 9_700_000 };

/** Component ids end in a 6-digit sequence per class. */
export const MAX_COMPONENTS_PER_CLASS = 999_999;

export interface GridDatabasePlan {
  categories: readonly CategoryDef[];
  grids: readonly GridSeed[];
  samplers: readonly PolygonSampler[];
  /** counts[g * categories.length + c]: records of category c in grid g. */
  counts: Int32Array;
  categoryTotals: number[];
  total: number;
  /** Records per natural record of a person or legal-entity category (1 at the full scale). */
  factor: number;
  /** The same for city components. */
  componentFactor: number;
}

export interface PlanOptions {
  total: number;
  seed: number;
  /** The figure whose composition the plan keeps (default: the full scale). */
  fullTotal?: number;
}

export function planGridDatabase(network: PukouNetwork, options: PlanOptions): GridDatabasePlan {
  const categories = gridDatabaseCategories();
  const grids = network.grids;
  const samplers = grids.map((grid) => polygonSampler(grid.geometry));
  const nc = categories.length;

  const expected = new Float64Array(grids.length * nc);
  const categoryExpected = new Array<number>(nc).fill(0);
  grids.forEach((grid, g) => {
    categories.forEach((category, c) => {
      const e = expectedRecords(category.density, grid, samplers[g].areaKm2);
      expected[g * nc + c] = e;
      categoryExpected[c] += e;
    });
  });
  const isComponent = categories.map((c) => c.domain === 'city_component');
  const natural = categoryExpected.reduce((a, b) => a + b, 0);
  const naturalComponents = categoryExpected.reduce((sum, e, c) => sum + (isComponent[c] ? e : 0), 0);
  if (natural <= 0 || naturalComponents <= 0) throw new Error('the network has no population and no area: nothing to plan');
  const fullTotal = options.fullTotal ?? SCALE_TOTALS.full;
  const scale = options.total / fullTotal;
  let factor = scale;
  let componentFactor = ((fullTotal - (natural - naturalComponents)) / naturalComponents) * scale;
  // A network too populous for the figure (components would be under a fifth): scale all alike.
  if (componentFactor * naturalComponents < 0.2 * options.total) factor = componentFactor = options.total / natural;

  const categoryTotals = apportion(
    categoryExpected.map((e, c) => e * (isComponent[c] ? componentFactor : factor)),
    options.total,
    // Every category present at least once, when the total leaves room for it.
    options.total >= 10 * nc ? 1 : 0,
  );
  categories.forEach((category, c) => {
    if (category.domain === 'city_component' && categoryTotals[c] > MAX_COMPONENTS_PER_CLASS) {
      throw new Error(`${categoryTotals[c]} components of class ${category.code} do not fit a 6-digit sequence`);
    }
  });

  const counts = new Int32Array(grids.length * nc);
  const rng = new Random(options.seed).fork('plan');
  categories.forEach((_, c) => {
    if (categoryExpected[c] <= 0) return;
    const share = categoryTotals[c] / categoryExpected[c];
    const start = rng.next();
    let cumulative = 0;
    let assigned = 0;
    for (let g = 0; g < grids.length; g++) {
      cumulative += expected[g * nc + c] * share;
      const upTo = g === grids.length - 1 ? categoryTotals[c] : Math.min(categoryTotals[c], Math.floor(cumulative + start));
      counts[g * nc + c] = upTo - assigned;
      assigned = upTo;
    }
  });

  return { categories, grids, samplers, counts, categoryTotals, total: options.total, factor, componentFactor };
}

/** Integers close to `quotas` (floor, then the largest remainders), summing to exactly `total`, each at least `min`. */
export function apportion(quotas: readonly number[], total: number, min = 0): number[] {
  const result = quotas.map((q) => (q > 0 ? Math.max(min, Math.floor(q)) : 0));
  let remainder = total - result.reduce((a, b) => a + b, 0);
  const order = quotas.map((_, i) => i);
  if (remainder > 0) {
    order.sort((a, b) => quotas[b] - Math.floor(quotas[b]) - (quotas[a] - Math.floor(quotas[a])) || a - b);
    for (let k = 0; remainder > 0; k = (k + 1) % order.length) {
      if (quotas[order[k]] > 0) {
        result[order[k]]++;
        remainder--;
      }
    }
  } else if (remainder < 0) {
    // The minimums overshot: take from the largest.
    order.sort((a, b) => result[b] - result[a] || a - b);
    for (let k = 0; remainder < 0; k = (k + 1) % order.length) {
      if (result[order[k]] > min) {
        result[order[k]]--;
        remainder++;
      }
    }
  }
  return result;
}
