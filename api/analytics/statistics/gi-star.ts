/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) with binary weights, neighbours including
 * the value itself. The convention is that of esda's G_Local(star=True, transform='B')
 * (pysal/esda getisord.py, G_Local.calc), R spdep's localG(include.self) and ArcGIS's Hot Spot
 * Analysis: with n values, mean x̄, S² = Σx²/n − x̄² (population variance, over all n) and W_i
 * neighbours of i,
 *
 *   z_i = (Σ_{j∈N(i)} x_j − x̄ W_i) / (S √((n W_i − W_i²) / (n − 1)))
 *
 * which is esda's (G_i − W_i/n) / √(W_i (n − W_i) / (n − 1) / n² · S²/x̄²) multiplied out.
 */

/** Mean and population standard deviation (two passes, so large counts lose no precision). */
export function meanAndDeviation(values: ArrayLike<number>): { mean: number; deviation: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, deviation: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) * (values[i] - mean);
  return { mean, deviation: Math.sqrt(squares / n) };
}

/**
 * The Gi* z score of a neighbourhood of `weight` values summing to `lagSum`, among `n` values of
 * the given mean and deviation; 0 when the variance is 0 (a constant field, or a neighbourhood
 * that is every value).
 */
export function giStarZ(lagSum: number, weight: number, n: number, mean: number, deviation: number): number {
  const spread = deviation * Math.sqrt((n * weight - weight * weight) / (n - 1));
  if (!(spread > 0)) return 0;
  return (lagSum - mean * weight) / spread;
}

/** Getis-Ord Gi* z-scores with binary weights, as R spdep localG (with include.self) and ArcGIS
 *  compute them: neighbours[i] lists the indexes of i's neighbours INCLUDING i itself. Mean and
 *  standard deviation over all n values. Returns z per value (0 where the variance is 0). */
export function giStar(values: ArrayLike<number>, neighbours: ReadonlyArray<ArrayLike<number>>): Float64Array {
  const n = values.length;
  if (neighbours.length !== n) throw new RangeError(`giStar: ${n} values but ${neighbours.length} neighbour lists`);
  const z = new Float64Array(n);
  const { mean, deviation } = meanAndDeviation(values);
  if (!(deviation > 0)) return z;
  for (let i = 0; i < n; i++) {
    const around = neighbours[i];
    let lagSum = 0;
    for (let k = 0; k < around.length; k++) lagSum += values[around[k]];
    z[i] = giStarZ(lagSum, around.length, n, mean, deviation);
  }
  return z;
}
