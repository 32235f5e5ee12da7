import { describe, expect, it } from 'vitest';
import { mannKendall } from './mann-kendall.ts';

describe('mannKendall', () => {
  it('gives the textbook values for x = 1..10', () => {
    const trend = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(trend.s).toBe(45);
    expect(trend.variance).toBe(125); // 10 · 9 · 25 / 18
    expect(trend.z.toFixed(4)).toBe('3.9355'); // 44 / √125
    expect(trend.p).toBeLessThan(0.001);
    expect(trend.tau).toBe(1);
  });

  it('corrects the variance for ties', () => {
    // [1,2,2,3,3,3,4]: S = 6 (from 1) + 4 + 4 (from each 2) + 1 + 1 + 1 (from each 3) = 17.
    // Var = [7·6·19 − (2·1·9) − (3·2·11)] / 18 = (798 − 18 − 66) / 18 = 714 / 18.
    // z = (17 − 1) / √(714/18); τ = 17 / 21.
    const trend = mannKendall([1, 2, 2, 3, 3, 3, 4]);
    expect(trend.s).toBe(17);
    expect(trend.variance).toBeCloseTo(714 / 18, 12);
    expect(trend.z).toBeCloseTo(16 / Math.sqrt(714 / 18), 12);
    expect(trend.tau).toBeCloseTo(17 / 21, 12);
  });

  it('is symmetric for a falling series, ties anywhere in the series', () => {
    const rising = mannKendall([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);
    const falling = mannKendall([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5].map((x) => -x));
    expect(falling.s).toBe(-rising.s);
    expect(falling.variance).toBe(rising.variance);
    expect(falling.z).toBe(-rising.z);
    expect(falling.p).toBe(rising.p);
    // Groups: 1 ×2, 3 ×2, 5 ×3 → Σ t(t−1)(2t+5) = 18 + 18 + 66.
    expect(rising.variance).toBeCloseTo((11 * 10 * 27 - 102) / 18, 12);
  });

  it('finds no trend in a constant series', () => {
    const trend = mannKendall([4, 4, 4, 4, 4, 4]);
    expect(trend).toEqual({ s: 0, variance: 0, z: 0, p: 1, tau: 0 });
  });
});
