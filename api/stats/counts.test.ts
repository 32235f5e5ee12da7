import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { applyCountDeltas, CountDeltas } from './counts.ts';

const t = testApp();
afterAll(() => t.db.close());

describe('applyCountDeltas', () => {
  it('adds to counts, inserts new ones, removes those that reach zero, whatever the codes hold', async () => {
    const client = await t.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO grid_category_count (grid_code, category_code, n) VALUES ('g1', 'a', 5), ('g1', 'b', 2), ('', 'a', 1)`);
      const deltas = new CountDeltas();
      deltas.add('g1', 'a', 3);
      deltas.add('g1', 'b', -2);
      deltas.add(null, 'a', 4);
      deltas.add('g"2', 'c,\\d', 7);
      deltas.add('g3', 'e', 1);
      deltas.add('g3', 'e', -1);
      expect(deltas.total()).toBe(12);
      await applyCountDeltas(client, deltas);
      const { rows } = await client.query(
        `SELECT grid_code, category_code, n::int FROM grid_category_count WHERE grid_code IN ('g1', '', 'g"2', 'g3') AND category_code IN ('a', 'b', 'c,\\d', 'e') ORDER BY 1, 2`,
      );
      expect(rows).toEqual([
        { grid_code: '', category_code: 'a', n: 5 },
        { grid_code: 'g"2', category_code: 'c,\\d', n: 7 },
        { grid_code: 'g1', category_code: 'a', n: 8 },
      ]);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('keeps rows with the grid outside every grid as null, and leaves out changes that cancel out', () => {
    const deltas = CountDeltas.of([
      { grid: null, category: 'a', n: 2 },
      { grid: 'g1', category: 'b', n: 1 },
      { grid: 'g1', category: 'b', n: -1 },
    ]);
    const more = new CountDeltas();
    more.add(null, 'a', 1);
    deltas.addAll(more);
    expect(deltas.rows()).toEqual([{ grid: null, category: 'a', n: 3 }]);
  });
});
