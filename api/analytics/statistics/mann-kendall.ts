/**
 * The Mann–Kendall trend test (Mann 1945, Kendall 1975) as ArcGIS's emerging hot spot analysis
 * and R's Kendall::MannKendall run it: S = Σ_{i<j} sign(x_j − x_i), its variance under no trend
 * with the correction for tied groups of size t,
 *   Var S = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18,
 * z = (S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0 (continuity correction), p two-sided, and
 * Kendall's τ = S / (n(n−1)/2). O(n²) without allocation: the series are ~52 weeks long.
 */
import { twoSidedP } from './normal.ts';

export interface TrendTest { s: number; variance: number; z: number; p: number; tau: number }

function isFirstOfItsValue(series: ArrayLike<number>, i: number): boolean {
  for (let j = 0; j < i; j++) if (series[j] === series[i]) return false;
  return true;
}

/** Mann–Kendall trend test with the tie correction of the variance and continuity correction
 *  of z (x = 1..10 → S = 45, z = 3.9355). */
export function mannKendall(series: ArrayLike<number>): TrendTest {
  const n = series.length;
  let s = 0;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const x = series[i];
    let equalLater = 0;
    for (let j = i + 1; j < n; j++) {
      const d = series[j] - x;
      if (d > 0) s++;
      else if (d < 0) s--;
      else equalLater++;
    }
    // A tied group counts once, at its first member, which sees the whole group after it.
    if (equalLater > 0 && isFirstOfItsValue(series, i)) {
      const t = equalLater + 1;
      ties += t * (t - 1) * (2 * t + 5);
    }
  }
  const variance = (n * (n - 1) * (2 * n + 5) - ties) / 18;
  let z = 0;
  if (variance > 0 && s !== 0) z = (s - Math.sign(s)) / Math.sqrt(variance);
  const pairs = (n * (n - 1)) / 2;
  return { s, variance, z, p: twoSidedP(z), tau: pairs > 0 ? s / pairs : 0 };
}
