import { gridDistance } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { confidenceBins } from './fdr.ts';
import { giStar } from './gi-star.ts';
import { twoSidedP } from './normal.ts';
import { h3Disk } from './testing.ts';

describe('giStar', () => {
  it('reproduces the published PySAL example (esda G_Local, star=True, transform="B")', () => {
    const points = [[10, 10], [20, 10], [40, 10], [15, 20], [30, 20], [30, 30]];
    // libpysal DistanceBand(threshold=15): points within 15 of each other; Gi* adds the point itself.
    const neighbours = points.map(([x, y]) =>
      points.flatMap(([u, v], j) => (Math.hypot(x - u, y - v) <= 15 ? [j] : [])),
    );
    const z = giStar([2, 3, 3.2, 5, 8, 7], neighbours);
    const published = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];
    published.forEach((expected, i) => expect(Math.abs(z[i] - expected)).toBeLessThan(1e-7));
  });

  it('finds a planted hot cell on an H3 disk, with 99 % bins only around it', () => {
    const { cells, centre, neighbours } = h3Disk(4);
    // 20 cases in the centre, 10 in its ring, 1 to 3 elsewhere.
    const values = cells.map((cell, i) => [20, 10][gridDistance(cells[centre], cell)] ?? 1 + (i % 3));
    const z = giStar(values, neighbours);
    const bins = confidenceBins(z, Array.from(z, twoSidedP));
    expect(Math.max(...z)).toBe(z[centre]);
    expect(z.filter((value) => value === z[centre])).toHaveLength(1);
    expect(bins[centre]).toBe(3);
    cells.forEach((cell, i) => {
      const distance = gridDistance(cells[centre], cell);
      if (distance === 1) expect(bins[i]).toBe(3);
      if (distance >= 3) expect(bins[i]).toBe(0);
    });
  });

  it('gives z = 0 everywhere for a constant field', () => {
    const { cells, neighbours } = h3Disk(2);
    const z = giStar(cells.map(() => 4), neighbours);
    expect(Array.from(z)).toEqual(cells.map(() => 0));
  });

  it('refuses neighbour lists that do not match the values', () => {
    expect(() => giStar([1, 2, 3], [[0], [1]])).toThrow(RangeError);
  });
});
