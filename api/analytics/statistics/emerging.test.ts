import { gridDistance } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { classifyEmerging, EMERGING_CATEGORIES, emergingHotspots, spaceTimeGiStar, type EmergingCategory } from './emerging.ts';
import { giStar } from './gi-star.ts';
import { mannKendall, type TrendTest } from './mann-kendall.ts';
import { h3Disk } from './testing.ts';

const rising = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]); // p < 0.001
const flat = mannKendall([5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
const weak = mannKendall([3, 1, 2, 5, 4, 3, 2, 4, 5, 3]); // slightly rising, p > 0.05
const falling = mirror(rising);

/** The same series seen from the other side: bins and trend negated. */
function mirror(trend: TrendTest): TrendTest {
  return { ...trend, s: -trend.s, z: -trend.z, tau: -trend.tau };
}

// ArcGIS's definitions ("How Emerging Hot Spot Analysis works"), 10 steps, 3/2/1 = hot at 99/95/90 %.
const HOT_CASES: [EmergingCategory, number[], TrendTest][] = [
  // significant in the final step and never before
  ['new_hot', [0, 0, 0, 0, 0, 0, 0, 0, 0, 3], flat],
  // one uninterrupted run of ≥ 2 hot steps at the end, never hot before it, < 90 % hot
  ['consecutive_hot', [0, 0, 0, 0, 0, 0, 0, 1, 2, 3], flat],
  ['consecutive_hot', [0, 0, 2, 2, 2, 2, 2, 2, 2, 2], rising],
  // hot in ≥ 90 % of steps including the final one, z rising significantly
  ['intensifying_hot', [0, 1, 2, 2, 3, 3, 3, 3, 3, 3], rising],
  // hot in ≥ 90 % of steps, no significant trend
  ['persistent_hot', [3, 3, 3, 3, 3, 3, 3, 3, 3, 3], flat],
  ['persistent_hot', [3, 3, 0, 3, 3, 3, 3, 3, 3, 3], weak],
  // hot in ≥ 90 % of steps including the final one, z falling significantly
  ['diminishing_hot', [3, 3, 3, 3, 3, 3, 3, 2, 1, 1], falling],
  // hot in the final step, on and off before, < 90 % hot, never cold
  ['sporadic_hot', [0, 3, 0, 0, 2, 0, 0, 0, 1, 3], flat],
  ['sporadic_hot', [3, 0, 0, 0, 0, 0, 0, 0, 0, 1], flat],
  // hot in the final step, cold in some earlier step, < 90 % hot
  ['oscillating_hot', [0, -2, 0, 0, 0, 0, 0, 0, 0, 3], flat],
  ['oscillating_hot', [-1, 0, 0, 0, 0, 0, 0, 0, 3, 3], rising],
  // not hot in the final step, hot in ≥ 90 % of the steps
  ['historical_hot', [3, 3, 3, 3, 3, 3, 3, 3, 3, 0], falling],
];

describe('classifyEmerging', () => {
  for (const [category, bins, trend] of HOT_CASES) {
    it(`${category}: ${bins.join(' ')}`, () => expect(classifyEmerging(bins, trend)).toBe(category));
    const cold = category.replace('_hot', '_cold');
    it(`${cold}: the mirror of ${bins.join(' ')}`, () =>
      expect(classifyEmerging(bins.map((bin) => -bin), mirror(trend))).toBe(cold));
  }

  it('needs a significant trend to call a spot intensifying', () => {
    expect(classifyEmerging([3, 3, 3, 3, 3, 3, 3, 3, 3, 3], weak)).toBe('persistent_hot');
  });

  it('finds no pattern in a cell never significant, or significant only in the past', () => {
    expect(classifyEmerging([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], flat)).toBe('no_pattern');
    expect(classifyEmerging([3, 3, 3, 0, 0, 0, 0, 0, 0, 0], falling)).toBe('no_pattern');
    expect(classifyEmerging([0, 0, 0, 0, 0, -3, -3, 0, 0, 0], flat)).toBe('no_pattern');
    expect(classifyEmerging([], flat)).toBe('no_pattern');
  });

  it('judges the side of the final step first', () => {
    // Hot for 9 steps (historical hot) but cold at the end: an oscillating cold spot.
    expect(classifyEmerging([3, 3, 3, 3, 3, 3, 3, 3, 3, -1], falling)).toBe('oscillating_cold');
  });

  it('has a test for each of the 17 categories', () => {
    const covered = new Set([...HOT_CASES.map(([c]) => c), ...HOT_CASES.map(([c]) => c.replace('_hot', '_cold')), 'no_pattern']);
    expect([...covered].sort()).toEqual([...EMERGING_CATEGORIES].sort());
  });
});

describe('spaceTimeGiStar', () => {
  it('is Gi* over the whole cube with neighbours in this and the previous steps', () => {
    const { cells, neighbours } = h3Disk(2);
    const steps = 6;
    const counts = Float64Array.from({ length: cells.length * steps }, (_, i) => (i * 37) % 11);
    for (const window of [0, 1, 2]) {
      const binNeighbours = Array.from(counts, (_, bin) => {
        const t = Math.floor(bin / cells.length);
        const cell = bin % cells.length;
        const around: number[] = [];
        for (let s = Math.max(0, t - window); s <= t; s++) for (const j of neighbours[cell]) around.push(s * cells.length + j);
        return around;
      });
      const expected = giStar(counts, binNeighbours);
      const z = spaceTimeGiStar({ cells: cells.length, steps, counts }, neighbours, window);
      expected.forEach((value, bin) => expect(z[bin]).toBeCloseTo(value, 10));
    }
  });

  it('refuses a cube whose counts do not match its size', () => {
    const { neighbours } = h3Disk(1);
    expect(() => spaceTimeGiStar({ cells: 7, steps: 2, counts: new Float64Array(13) }, neighbours)).toThrow(RangeError);
    expect(() => spaceTimeGiStar({ cells: 7, steps: 2, counts: new Float64Array(14) }, neighbours, -1)).toThrow(RangeError);
  });
});

describe('emergingHotspots', () => {
  it('finds a new cluster as consecutive hot and a growing one as intensifying on an H3 cube', () => {
    const { cells, centre, neighbours } = h3Disk(5);
    const steps = 10;
    const growing = cells.findIndex((cell) => gridDistance(cells[centre], cell) === 4);
    const within = (i: number, around: number, distance: number) => gridDistance(cells[around], cells[i]) <= distance;
    const counts = new Float64Array(cells.length * steps);
    for (let t = 0; t < steps; t++) {
      for (let i = 0; i < cells.length; i++) {
        let cases = 1 + ((i * 7 + t * 3) % 3); // background of 1 to 3 cases
        if (within(i, centre, 1) && t >= 7) cases = 20; // a cluster appearing in the last 3 steps
        if (within(i, growing, 1)) cases = 8 + 3 * t; // a cluster there all along, growing
        counts[t * cells.length + i] = cases;
      }
    }
    const result = emergingHotspots({ cells: cells.length, steps, counts }, neighbours);
    expect(result).toHaveLength(cells.length);

    const fresh = result[centre];
    expect(fresh.category).toBe('consecutive_hot');
    expect(Array.from(fresh.bins.slice(0, 7)).every((bin) => bin <= 0)).toBe(true);
    expect(Array.from(fresh.bins.slice(7))).toEqual([3, 3, 3]);
    expect(fresh.hotSteps).toBe(3);

    const grown = result[growing];
    expect(grown.category).toBe('intensifying_hot');
    expect(grown.hotSteps).toBeGreaterThanOrEqual(9);
    expect(grown.trend.z).toBeGreaterThan(0);
    expect(grown.trend.p).toBeLessThan(0.05);

    // Background cells away from both clusters show nothing.
    result.forEach((cell, i) => {
      if (!within(i, centre, 2) && !within(i, growing, 2)) expect(cell.category, cells[i]).toBe('no_pattern');
    });
  });

  it('finds nothing in a constant cube', () => {
    const { cells, neighbours } = h3Disk(2);
    const result = emergingHotspots({ cells: cells.length, steps: 8, counts: new Float64Array(cells.length * 8).fill(3) }, neighbours);
    for (const cell of result) {
      expect(cell.category).toBe('no_pattern');
      expect(Array.from(cell.z)).toEqual(new Array(8).fill(0));
      expect(cell.trend.p).toBe(1);
    }
  });
});
