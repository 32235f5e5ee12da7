/** Hit rate, PAI and PEI on a made-up study area of 100 equal cells, worked by hand. */
import { describe, expect, it } from 'vitest';
import { cellsInShare, hitRateAt, meanScore, score } from './metrics.ts';

// 100 cells; the forecast ranks cells 0…9 first (10, 9, … 1), the rest 0.
const forecast = Float64Array.from({ length: 100 }, (_, i) => (i < 10 ? 10 - i : 0));
// 20 cases: 3, 0, 1, 0, 2 in cells 0…4, one in each of 5…9, 6 in cell 50 and 3 in cell 60.
const observed = new Float64Array(100);
[3, 0, 1, 0, 2, 1, 1, 1, 1, 1].forEach((n, i) => (observed[i] = n));
observed[50] = 6;
observed[60] = 3;

describe('forecast scores', () => {
  it('takes 1, 5 and 10 cells of 100 as 1, 5 and 10 % of the area', () => {
    expect([0.01, 0.05, 0.1].map((s) => cellsInShare(100, s))).toEqual([1, 5, 10]);
    expect(cellsInShare(10, 0.01)).toBe(1);
  });

  it('gives the hit rate, PAI and PEI worked by hand', () => {
    const s = score(forecast, observed);
    expect(s.cases).toBe(20);
    // top 1 cell: 3 of 20 cases; the best single cell holds 6
    // top 5 cells: 3+0+1+0+2 = 6; the best five hold 6+3+3+2+1 = 15
    // top 10 cells: 6 + 5 = 11; the best ten hold all 20
    expect(s.hitRate.p1).toBeCloseTo(3 / 20, 12);
    expect(s.hitRate.p5).toBeCloseTo(6 / 20, 12);
    expect(s.hitRate.p10).toBeCloseTo(11 / 20, 12);
    expect(s.pai.p1).toBeCloseTo(3 / 20 / 0.01, 12);
    expect(s.pai.p5).toBeCloseTo(6 / 20 / 0.05, 12);
    expect(s.pai.p10).toBeCloseTo(11 / 20 / 0.1, 12);
    expect(s.pei.p1).toBeCloseTo(3 / 6, 12);
    expect(s.pei.p5).toBeCloseTo(6 / 15, 12);
    expect(s.pei.p10).toBeCloseTo(11 / 20, 12);
  });

  it('scores a perfect forecast PEI 1 and the observed counts themselves as the best PAI', () => {
    const s = score(observed, observed);
    expect(s.pei).toEqual({ p1: 1, p5: 1, p10: 1 });
    expect(s.pai.p1).toBeCloseTo(6 / 20 / 0.01, 12);
  });

  it('breaks ties by cell order, the same in the quick hit rate as in the full score', () => {
    const flat = new Float64Array(100);
    for (const share of [0.01, 0.05, 0.1]) expect(hitRateAt(forecast, observed, share)).toBeCloseTo(score(forecast, observed).hitRate[share === 0.01 ? 'p1' : share === 0.05 ? 'p5' : 'p10'], 12);
    // all tied: the first five cells by index, 6 of 20 cases
    expect(hitRateAt(flat, observed, 0.05)).toBeCloseTo(6 / 20, 12);
    expect(score(flat, observed).hitRate.p5).toBeCloseTo(6 / 20, 12);
  });

  it('scores a period without cases as 0, and averages periods measure by measure', () => {
    const none = score(forecast, new Float64Array(100));
    expect(none).toMatchObject({ cases: 0, hitRate: { p1: 0, p5: 0, p10: 0 }, pei: { p1: 0, p5: 0, p10: 0 } });
    const mean = meanScore([score(forecast, observed), none]);
    expect(mean.hitRate.p10).toBeCloseTo(11 / 20 / 2, 12);
    expect(mean.cases).toBe(20);
    expect(() => score(forecast, new Float64Array(5))).toThrow(/100 forecasts but 5/);
  });
});

describe('the quick hit rate', () => {
  it('agrees with the full score on forecasts with and without ties', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let run = 0; run < 50; run++) {
      const n = 50 + Math.floor(random() * 400);
      const f = Float64Array.from({ length: n }, () => (random() < 0.4 ? 0 : Math.floor(random() * 6) / 2));
      const o = Float64Array.from({ length: n }, () => Math.floor(random() * 3));
      const full = score(f, o);
      expect(hitRateAt(f, o, 0.01)).toBeCloseTo(full.hitRate.p1, 12);
      expect(hitRateAt(f, o, 0.05)).toBeCloseTo(full.hitRate.p5, 12);
      expect(hitRateAt(f, o, 0.1)).toBeCloseTo(full.hitRate.p10, 12);
    }
  });
});
