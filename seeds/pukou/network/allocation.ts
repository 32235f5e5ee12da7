/** How many grids each community gets, and how many households and people each grid holds. */
import type { Random } from '../../random.ts';

/** The district's sizing standard: households per grid, kept within ±15 %. */
export const GRID_STANDARD = {
  urban: { households: 500, personsPerHousehold: [2.6, 2.9] },
  rural: { households: 300, personsPerHousehold: [3.0, 3.4] },
} as const;
export const GRID_TOLERANCE = 0.15;

/**
 * Splits `total` grids in proportion to the weights (Sainte-Laguë), every community getting
 * at least one.
 */
export function apportion(total: number, weights: number[]): number[] {
  if (total < weights.length) throw new Error(`${total} grids cannot cover ${weights.length} communities`);
  const counts = weights.map(() => 1);
  for (let given = weights.length; given < total; given++) {
    let best = 0;
    let bestQuotient = -Infinity;
    weights.forEach((weight, i) => {
      const quotient = weight / (2 * counts[i] + 1);
      if (quotient > bestQuotient) {
        bestQuotient = quotient;
        best = i;
      }
    });
    counts[best]++;
  }
  return counts;
}

/**
 * Households of one grid: the standard, nudged by how its estimated households compare with
 * its siblings' (relative = 1 is average) and by chance, always inside the tolerance band.
 */
export function gridHouseholds(kind: 'urban' | 'rural', relative: number, random: Random): number {
  const standard = GRID_STANDARD[kind].households;
  const limit = GRID_TOLERANCE - 0.02;
  const factor = Math.min(1 + limit, Math.max(1 - limit, 1 + 0.4 * (relative - 1) + random.normal(0, 0.04)));
  return Math.round(standard * factor);
}

export function gridPopulation(kind: 'urban' | 'rural', households: number, random: Random): number {
  const [low, high] = GRID_STANDARD[kind].personsPerHousehold;
  return Math.round(households * random.range(low, high));
}
