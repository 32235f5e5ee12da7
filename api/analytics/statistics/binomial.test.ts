/** The binomial upper tail against exact rational sums, and BH adjusted p values against R's p.adjust. */
import { describe, expect, it } from 'vitest';
import { binomialUpperTail, logGamma } from './binomial.ts';
import { adjustedP } from './fdr.ts';

/** P(X ≥ k) for p = a/b exactly, with BigInt binomial coefficients, then to a double. */
function exactTail(k: number, n: number, a: number, b: number): number {
  let sum = 0n;
  let choose = 1n; // C(n, 0)
  for (let i = 0; i <= n; i++) {
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    if (i >= k) sum += choose * BigInt(a) ** BigInt(i) * BigInt(b - a) ** BigInt(n - i);
  }
  const total = BigInt(b) ** BigInt(n);
  // 1e15 resolution is enough to compare relative to 1e-12 for tails above 1e-3
  return Number((sum * 10n ** 18n) / total) / 1e18;
}

describe('binomialUpperTail', () => {
  it('is the exact tail: 7 of 10 at p = 1/2 is 176/1024 (R: binom.test(7, 10, alternative = "greater"))', () => {
    expect(binomialUpperTail(7, 10, 0.5)).toBeCloseTo(0.171875, 14);
  });

  it('agrees with exact rational sums for larger n and other p', () => {
    for (const [k, n, a, b] of [[60, 100, 1, 2], [40, 100, 3, 10], [12, 30, 1, 5], [250, 1000, 1, 4], [270, 1000, 1, 4]]) {
      const exact = exactTail(k, n, a, b);
      expect(Math.abs(binomialUpperTail(k, n, a / b) - exact) / exact).toBeLessThan(1e-10);
    }
  });

  it('handles the edges: k ≤ 0, k > n, p of 0 or 1', () => {
    expect(binomialUpperTail(0, 5, 0.3)).toBe(1);
    expect(binomialUpperTail(6, 5, 0.3)).toBe(0);
    expect(binomialUpperTail(1, 5, 0)).toBe(0);
    expect(binomialUpperTail(5, 5, 1)).toBe(1);
    expect(() => binomialUpperTail(1.5, 5, 0.3)).toThrow(RangeError);
  });

  it('has ln Γ exact at integers (ln (n−1)!) and at 1/2 (ln √π)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
  });
});

describe('adjustedP (Benjamini–Hochberg)', () => {
  it('gives what R gives: p.adjust(c(.01, .04, .03, .005), "BH") = .02 .04 .04 .02', () => {
    const q = adjustedP([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((want, i) => expect(q[i]).toBeCloseTo(want, 15));
  });

  it('is never below p, never above 1, and keeps the order of p', () => {
    const p = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 1000) / 1000);
    const q = adjustedP(p);
    const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
    for (let r = 0; r < order.length; r++) {
      expect(q[order[r]]).toBeGreaterThanOrEqual(p[order[r]]);
      expect(q[order[r]]).toBeLessThanOrEqual(1);
      if (r > 0) expect(q[order[r]]).toBeGreaterThanOrEqual(q[order[r - 1]]);
    }
  });
});
