/**
 * Confidence bins of hotspot z scores with the false discovery rate correction of Benjamini &
 * Hochberg (1995), as ArcGIS's Hot Spot Analysis writes its Gi_Bin field when "Apply False
 * Discovery Rate (FDR) Correction" is on: with the n p values sorted, p(1) ≤ … ≤ p(n), the
 * largest k with p(k) ≤ k/n · α gives the cut-off p(k), and every p ≤ p(k) is significant at α.
 */

/** Significance levels and their bins, strictest first. */
export const CONFIDENCE_LEVELS = [
  { alpha: 0.01, bin: 3 },
  { alpha: 0.05, bin: 2 },
  { alpha: 0.1, bin: 1 },
] as const;

/** The Benjamini–Hochberg cut-off of ascending p values at α: significant iff p ≤ cut-off (−1: none). */
export function fdrCutoff(ascending: ArrayLike<number>, alpha: number): number {
  const n = ascending.length;
  for (let k = n; k >= 1; k--) if (ascending[k - 1] <= (k / n) * alpha) return ascending[k - 1];
  return -1;
}

/** Confidence bin per value: ±3 where significant at α = 0.01, ±2 at 0.05, ±1 at 0.10, else 0,
 *  each level judged by Benjamini–Hochberg FDR over all the p values, done separately at each α;
 *  the sign is the sign of z. (This is ArcGIS's "Gi_Bin" with FDR correction.) */
export function confidenceBins(z: ArrayLike<number>, p: ArrayLike<number>): Int8Array {
  const n = p.length;
  if (z.length !== n) throw new RangeError(`confidenceBins: ${z.length} z scores but ${n} p values`);
  const ascending = Float64Array.from(p).sort(); // typed arrays sort numerically; NaN goes last
  const cutoffs = CONFIDENCE_LEVELS.map(({ alpha }) => fdrCutoff(ascending, alpha));
  const bins = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const sign = Math.sign(z[i]);
    if (sign === 0) continue;
    for (let level = 0; level < cutoffs.length; level++) {
      if (p[i] <= cutoffs[level]) {
        bins[i] = sign * CONFIDENCE_LEVELS[level].bin;
        break;
      }
    }
  }
  return bins;
}

/**
 * Benjamini–Hochberg adjusted p values (q values), as R's p.adjust(p, "BH"): with p sorted
 * ascending, q(i) = min over j ≥ i of n/j · p(j), capped at 1; a value is significant at FDR α
 * exactly when q ≤ α.
 */
export function adjustedP(p: ArrayLike<number>): Float64Array {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b]);
  const q = new Float64Array(n);
  let running = 1;
  for (let rank = n; rank >= 1; rank--) {
    const i = order[rank - 1];
    running = Math.min(running, (n / rank) * p[i]);
    q[i] = running;
  }
  return q;
}
