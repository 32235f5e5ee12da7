/**
 * Early warning on the demo data: a burst of cases planted in one cell over the last days (inside a
 * transaction rolled back afterwards, so no other test sees it) puts the cell and its grid in
 * /alerts with more cases than the forecast's upper bound, for the district and for the street.
 */
import { cellToParent } from 'h3-js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../testing/app.ts';
import { cellIndex } from '../cells.ts';
import { DAY_MS } from '../filters.ts';
import { demoEnd } from '../test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

/** One client in a transaction, lent out as a pool: the app's reads see the transaction's rows. */
function poolOver(client: pg.PoolClient): pg.Pool {
  const lent = new Proxy(client, { get: (target, key) => (key === 'release' ? () => {} : Reflect.get(target, key, target)) });
  return new Proxy(client, {
    get: (target, key) => (key === 'connect' ? async () => lent : key === 'end' ? async () => {} : Reflect.get(target, key, target)),
  }) as unknown as pg.Pool;
}

const BURST = 12;
let asOf: Date;
let planted: { id: string; cell: string; grid: string; street: string };
beforeAll(async () => {
  asOf = await demoEnd(t.db.pool);
  // A case of half a year ago: its cell and grid get the burst.
  const { rows } = await t.db.pool.query(
    `SELECT id::text, h3_r10::text AS cell, grid_code AS grid, street_code AS street FROM incident
      WHERE created_at < $1 AND source = 'patrol' ORDER BY created_at DESC, id LIMIT 1`,
    [new Date(asOf.getTime() - 180 * DAY_MS)],
  );
  planted = { ...rows[0], cell: cellToParent(cellIndex(rows[0].cell), 9) };
});

const alertsOf = (app: { getJson: typeof t.getJson }, as: string, query = '') => app.getJson(`/api/v1/alerts?asOf=${asOf.toISOString()}${query}`, as);

describe('GET /alerts', () => {
  it('lists a cell and its grid whose cases over the last 7 days exceed the forecast\'s upper bound', async () => {
    const before = await alertsOf(t, 'commander');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ area: '320111', res: 9, asOf: asOf.toISOString(), window: { from: new Date(asOf.getTime() - 7 * DAY_MS).toISOString(), to: asOf.toISOString() } });
    expect(before.body.cells.map((c: any) => c.cell)).not.toContain(planted.cell);

    const client = await t.db.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows: columns } = await client.query<{ name: string }>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'incident' AND column_name NOT IN ('id', 'ticket', 'created_at')`);
      const copied = columns.map((c) => c.name).join(', ');
      // Copies of the case spread over the last three days before asOf.
      await client.query(
        `INSERT INTO incident (ticket, created_at, ${copied})
         SELECT 'PKBURST' || lpad(g::text, 6, '0'), $2::timestamptz - g * interval '5 hours', ${copied} FROM incident, generate_series(1, $3::int) g WHERE id = $1`,
        [planted.id, asOf, BURST],
      );
      const burst = testApp({}, { pool: poolOver(client), kind: t.db.kind, close: async () => {} });
      for (const as of ['commander', `dispatcher-${planted.street}`]) {
        const { status, body } = await alertsOf(burst, as);
        expect(status, as).toBe(200);
        const cell = body.cells.find((c: any) => c.cell === planted.cell);
        expect(cell, as).toBeDefined();
        expect(cell.observed).toBeGreaterThanOrEqual(BURST);
        expect(cell.observed).toBeGreaterThan(cell.upper);
        expect(cell.upper).toBeLessThan(BURST);
        expect(cell.p).toBeLessThan(0.01);
        const grid = body.grids.find((g: any) => g.code === planted.grid);
        expect(grid, as).toBeDefined();
        expect(grid.observed).toBeGreaterThanOrEqual(BURST);
        expect(grid.observed).toBeGreaterThan(grid.upper);
        expect(grid.name).toEqual(expect.any(String));
        // worst first
        const ps = body.grids.map((g: any) => g.p);
        expect(ps).toEqual([...ps].sort((a, b) => a - b));
        if (as !== 'commander') {
          expect(body.area).toBe(planted.street);
          expect(body.grids.every((g: any) => g.code.startsWith(planted.street))).toBe(true);
        }
      }
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    const after = await alertsOf(t, 'commander');
    expect(after.body.cells.map((c: any) => c.cell)).not.toContain(planted.cell);
  });

  it('is refused outside the jurisdiction and says what is wrong with a bad query', async () => {
    const { rows } = await t.db.pool.query(`SELECT code FROM division WHERE level = 'street' AND code <> $1 ORDER BY code LIMIT 1`, [planted.street]);
    expect((await alertsOf(t, `dispatcher-${planted.street}`, `&area=${rows[0].code}`)).status).toBe(403);
    const bad = await t.getJson('/api/v1/alerts?asOf=soon', 'commander');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/asOf/);
    expect((await t.getJson('/api/v1/alerts')).status).toBe(401);
  });
});
