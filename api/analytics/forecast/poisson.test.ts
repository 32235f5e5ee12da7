/** The Poisson tail and quantile against the distribution's definition. */
import { describe, expect, it } from 'vitest';
import { poissonCdf, poissonQuantile, poissonTail } from './poisson.ts';

/** P(X = k) by the textbook formula, for small k. */
const pmf = (k: number, mean: number) => {
  let factorial = 1;
  for (let j = 2; j <= k; j++) factorial *= j;
  return (Math.exp(-mean) * mean ** k) / factorial;
};

describe('the Poisson distribution', () => {
  it('sums the pmf: P(X ≤ k) and P(X ≥ k)', () => {
    for (const mean of [0.05, 0.31, 1, 4.2, 12]) {
      for (let k = 0; k <= 15; k++) {
        const below = Array.from({ length: k + 1 }, (_, j) => pmf(j, mean)).reduce((a, b) => a + b, 0);
        expect(poissonCdf(k, mean)).toBeCloseTo(below, 12);
        expect(poissonTail(k + 1, mean)).toBeCloseTo(1 - below, 12);
      }
      expect(poissonTail(0, mean)).toBe(1);
    }
  });

  it('keeps tiny tails far above the mean and large means finite', () => {
    // P(X ≥ 30 | 1) is dominated by its first term
    const tail = poissonTail(30, 1);
    expect(tail).toBeGreaterThan(pmf(30, 1));
    expect(tail).toBeLessThan(pmf(30, 1) * 1.04);
    expect(poissonTail(200, 100)).toBeGreaterThan(0);
    expect(poissonTail(200, 100)).toBeLessThan(1e-15);
    expect(poissonTail(90, 1000)).toBeCloseTo(1, 12);
  });

  it('gives the smallest count whose CDF reaches the quantile', () => {
    for (const mean of [0.01, 0.31, 1, 3.7, 25, 400]) {
      for (const q of [0.5, 0.9, 0.99]) {
        const k = poissonQuantile(mean, q);
        expect(poissonCdf(k, mean)).toBeGreaterThanOrEqual(q - 1e-12);
        if (k > 0) expect(poissonCdf(k - 1, mean)).toBeLessThan(q);
      }
    }
    expect(poissonQuantile(0, 0.99)).toBe(0);
    // nothing expected: one case is already beyond the bound, with p = 0
    expect(poissonTail(1, 0)).toBe(0);
  });
});
