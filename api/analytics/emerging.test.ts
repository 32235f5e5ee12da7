/** Emerging hotspots against the statistics on a cube counted here with h3-js, and a planted hotspot found emerging. */
import { cellToParent, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { DAY_MS } from './filters.ts';
import { plantedHotspots, type PlantedHotspot } from './test-support.ts';
import { EMERGING_CATEGORIES, emergingHotspots } from './statistics/index.ts';

const t = testApp();
afterAll(() => t.db.close());

let to = '';
let street = '';
let planted: PlantedHotspot[] = [];

beforeAll(async () => {
  const { rows } = await t.db.pool.query(`SELECT max(created_at) AS last, (SELECT code FROM division WHERE level = 'street' ORDER BY code LIMIT 1) AS street FROM incident`);
  to = new Date(rows[0].last.getTime() + 1000).toISOString();
  street = rows[0].street;
  planted = await plantedHotspots(t.db.pool);
});

interface Cell { cell: string; category: string; trendZ: number; trendP: number; hotSteps: number; coldSteps: number; total: number }

/** The cube of cases per cell and step from the cases' points (h3-js), over the district's cells. */
async function expected(res: number, stepMs: number, steps: number, end: string) {
  const shape = JSON.parse((await t.db.pool.query(`SELECT ST_AsGeoJSON(geom) AS g FROM division WHERE code = '320111'`)).rows[0].g);
  const polygons: number[][][][] = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  const cells = new Set(polygons.flatMap((p) => polygonToCells(p, res, true)));
  const start = Date.parse(end) - steps * stepMs;
  const { rows } = await t.db.pool.query<{ lon: number; lat: number; at: Date }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, created_at AS at FROM incident WHERE created_at >= $1 AND created_at < $2 AND grid_code IS NOT NULL`,
    [new Date(start).toISOString(), end],
  );
  const placed = rows.map((r) => ({ cell: cellToParent(latLngToCell(r.lat, r.lon, 10), res), step: Math.floor((r.at.getTime() - start) / stepMs) }));
  for (const p of placed) cells.add(p.cell);
  const sorted = [...cells].sort();
  const index = new Map(sorted.map((c, i) => [c, i]));
  const counts = new Float64Array(sorted.length * steps);
  for (const p of placed) counts[p.step * sorted.length + index.get(p.cell)!]++;
  const found = emergingHotspots({ cells: sorted.length, steps, counts }, sorted.map((c) => Int32Array.from(gridDisk(c, 1).map((n) => index.get(n)).filter((i): i is number => i !== undefined))));
  return { cells: sorted, found, totals: sorted.map((_, i) => Array.from({ length: steps }, (_, s) => counts[s * sorted.length + i]).reduce((a, b) => a + b, 0)) };
}

const emerging = (query: string, as = 'analyst') => t.getJson(`/api/v1/analytics/emerging?${query}`, as);

describe('GET /analytics/emerging', () => {
  it('classifies every cell as the statistics do on the cube counted here, leaving out empty cells without a pattern', async () => {
    const { status, body } = await emerging(`res=8&step=week&steps=8&to=${to}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ res: 8, k: 1, step: 'week', steps: 8, area: '320111', end: to });
    expect(body.starts).toHaveLength(8);
    expect(Date.parse(body.starts[0])).toBe(Date.parse(to) - 8 * 7 * DAY_MS);
    const want = await expected(8, 7 * DAY_MS, 8, to);
    const listed = want.cells.map((cell, i) => ({ cell, e: want.found[i], total: want.totals[i] })).filter((c) => c.e.category !== 'no_pattern' || c.total > 0);
    expect(body.cells.map((c: Cell) => [c.cell, c.category, c.hotSteps, c.coldSteps, c.total])).toEqual(listed.map((c) => [c.cell, c.e.category, c.e.hotSteps, c.e.coldSteps, c.total]));
    body.cells.forEach((c: Cell, i: number) => {
      expect(c.trendZ).toBeCloseTo(listed[i].e.trend.z, 9);
      expect(c.trendP).toBeCloseTo(listed[i].e.trend.p, 9);
    });
    expect(body.omitted).toBe(want.cells.length - listed.length);
    expect(body.omitted).toBeGreaterThan(0);
    expect(Object.keys(body.counts)).toEqual([...EMERGING_CATEGORIES]);
    for (const category of EMERGING_CATEGORIES) expect(body.counts[category], category).toBe(want.found.filter((e) => e.category === category).length);
  });

  it('finds each planted hotspot emerging over its category in its first three weeks', async () => {
    // Three weeks before the spot and its first three. A rare category is nearly all zeros, so
    // with more steps before, a case or two of the background makes a sporadic hot spot of the
    // place (measured with 12 steps: H2–H4 sporadic); with 6 steps every spot is consecutive.
    for (const h of planted) {
      const end = new Date(h.start.getTime() + 3 * 7 * DAY_MS).toISOString();
      const { status, body } = await emerging(`res=9&step=week&steps=6&category=${h.categoryCode}&to=${end}`);
      expect(status).toBe(200);
      const near = new Set(gridDisk(latLngToCell(h.center[1], h.center[0], 9), 1));
      const around: Cell[] = body.cells.filter((c: Cell) => near.has(c.cell));
      const emergingThere = around.filter((c) => ['new_hot', 'consecutive_hot', 'intensifying_hot'].includes(c.category));
      expect(emergingThere.length, h.id).toBeGreaterThan(0);
      expect(Math.max(...emergingThere.map((c) => c.total)), h.id).toBeGreaterThanOrEqual(Math.max(...around.map((c) => c.total)));
      expect(around.filter((c) => c.category.endsWith('_cold')), h.id).toEqual([]);
    }
  });

  it('keeps a street dispatcher to its street and says what is wrong with a bad query', async () => {
    const own = await emerging(`steps=4&to=${to}`, `dispatcher-${street}`);
    expect(own.status).toBe(200);
    expect(own.body.area).toBe(street);
    expect((await emerging('area=320111', `dispatcher-${street}`)).status).toBe(403);
    for (const bad of ['steps=3', 'steps=105', 'step=month', 'k=4', 'res=6']) {
      const r = await emerging(bad);
      expect(r.status, bad).toBe(400);
      expect(r.body.detail).toMatch(bad.slice(0, bad.indexOf('=')));
    }
    expect((await emerging('', '')).status).toBe(401);
  });
});
