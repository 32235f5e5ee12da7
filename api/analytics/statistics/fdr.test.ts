import { describe, expect, it } from 'vitest';
import { Random } from '../../../seeds/random.ts';
import { confidenceBins } from './fdr.ts';
import { twoSidedP } from './normal.ts';

/** The bin without any correction: p < 0.01 → 3, < 0.05 → 2, < 0.10 → 1. */
function uncorrectedBin(z: number, p: number): number {
  return Math.sign(z) * (p <= 0.01 ? 3 : p <= 0.05 ? 2 : p <= 0.1 ? 1 : 0);
}

describe('confidenceBins', () => {
  it('applies Benjamini–Hochberg at each level (a case worked by hand)', () => {
    // n = 10, sorted p: .001 .008 .012 .019 .03 .045 .075 .2 .5 .9; k-th is significant up to the
    // largest k with p(k) ≤ k/10 · α:
    //   α = .01: limits .001 .002 .003 …  → k = 1 (.001 ≤ .001; .008 > .002, nothing later fits)
    //   α = .05: limits .005 .010 .015 .020 .025 .030 … → k = 4 (.019 ≤ .020; .03 > .025, .045 > .03, …)
    //   α = .10: limits .01 .02 .03 .04 .05 .06 .07 … → k = 6 (.045 ≤ .06; .075 > .07, .2 > .08, …)
    // so .001 → 3; .008 .012 .019 → 2; .03 .045 → 1; .075 and above → 0 (uncorrected, .075 would be 1
    // and .008 would be 3). Given shuffled, with the sign of z.
    const p = [0.5, 0.012, 0.001, 0.9, 0.075, 0.03, 0.2, 0.019, 0.045, 0.008];
    const z = [1, 2, 3, -1, 2, -2, 1, -2, 2, -3];
    expect(Array.from(confidenceBins(z, p))).toEqual([0, 2, 3, 0, 0, -1, 0, -2, 1, -2]);
  });

  it('gives bin 0 to a z of 0 and refuses mismatched lengths', () => {
    expect(Array.from(confidenceBins([0, 5], [0, 1e-6]))).toEqual([0, 3]);
    expect(() => confidenceBins([1, 2], [0.5])).toThrow(RangeError);
  });

  it('is never less strict than no correction', () => {
    const random = new Random(7);
    for (let run = 0; run < 20; run++) {
      // A mix of noise and a few strong signals, as hotspot z scores are.
      const z = Array.from({ length: 500 }, () => random.normal(0, random.next() < 0.1 ? 4 : 1));
      const p = z.map(twoSidedP);
      const bins = confidenceBins(z, p);
      z.forEach((value, i) => {
        const plain = uncorrectedBin(value, p[i]);
        expect(Math.abs(bins[i])).toBeLessThanOrEqual(Math.abs(plain));
        if (bins[i] !== 0) expect(Math.sign(bins[i])).toBe(Math.sign(plain));
      });
      expect(bins.some((bin) => bin !== 0)).toBe(true);
    }
  });
});
