import { describe, expect, it } from 'vitest';
import { FileCounts } from './file-counts.ts';

describe('FileCounts', () => {
  it('counts rows per grid × category as plain counting does, in any order and past 64 categories', () => {
    const counts = new FileCounts();
    const expected = new Map<string, number>();
    const grids = [null, 'g1', 'g2', 'g3'];
    let state = 7;
    for (let i = 0; i < 20_000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      // The first half in runs of one grid and category, the rest mixed; categories appear up to 150.
      const n = i < 10_000 ? Math.floor(i / 100) : state % 150;
      const grid = grids[i < 10_000 ? Math.floor(i / 2500) : (state >>> 8) % 4];
      const category = `C${n}`;
      counts.note(category, grid);
      const key = `${grid}|${category}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const got = new Map<string, number>();
    for (const row of counts.deltas().rows()) got.set(`${row.grid}|${row.category}`, row.n);
    expect(got).toEqual(expected);
    expect(counts.categories()).toHaveLength(150);
    expect(counts.categories()[0]).toBe('C0');
  });

  it('counts the runs of rows in one grid', () => {
    const counts = new FileCounts();
    for (const grid of ['a', 'a', 'b', 'b', 'a', null, null]) counts.note('RP01', grid);
    expect(counts.gridRuns).toBe(4);
  });
});
