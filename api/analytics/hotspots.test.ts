/** Gi* hotspots against the statistics on counts computed here with h3-js, and the demo's planted hotspots found. */
import { cellToParent, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { DAY_MS } from './filters.ts';
import { lastDays, plantedHotspots, type PlantedHotspot } from './test-support.ts';
import { confidenceBins, giStar, twoSidedP } from './statistics/index.ts';

const t = testApp();
afterAll(() => t.db.close());

let from = '';
let to = '';
let street = '';
let planted: PlantedHotspot[] = [];

beforeAll(async () => {
  ({ from, to, street } = await lastDays(t.db.pool, 90));
  planted = await plantedHotspots(t.db.pool);
});

interface Cell { cell: string; count: number; z: number; p: number; bin: number }

/** Counts per cell from the cases' points (h3-js), over the area's cells from its outline (h3-js) plus those with cases. */
async function expected(area: string, res: number, k: number, window: [string, string], category?: string) {
  const outline = area.length === 15 ? `SELECT ST_AsGeoJSON(geom) AS g FROM grid WHERE code = $1 AND valid_to IS NULL` : `SELECT ST_AsGeoJSON(geom) AS g FROM division WHERE code = $1`;
  const shape = JSON.parse((await t.db.pool.query(outline, [area])).rows[0].g);
  const polygons: number[][][][] = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  const cells = new Set(polygons.flatMap((p) => polygonToCells(p, res, true)));
  const { rows } = await t.db.pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE created_at >= $1 AND created_at < $2 AND grid_code LIKE $3 || '%' AND ($4::text IS NULL OR category_code = $4)`,
    [...window, area, category ?? null],
  );
  const counts = new Map<string, number>();
  for (const r of rows) {
    const cell = cellToParent(latLngToCell(r.lat, r.lon, 10), res);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
    cells.add(cell);
  }
  const sorted = [...cells].sort();
  const index = new Map(sorted.map((c, i) => [c, i]));
  const values = sorted.map((c) => counts.get(c) ?? 0);
  const z = giStar(values, sorted.map((c) => gridDisk(c, k).map((n) => index.get(n)).filter((i): i is number => i !== undefined)));
  const p = Array.from(z, twoSidedP);
  const bins = confidenceBins(z, p);
  return sorted.map((cell, i) => ({ cell, count: values[i], z: z[i], p: p[i], bin: bins[i] }));
}

const hotspots = (query: string, as = 'analyst') => t.getJson(`/api/v1/analytics/hotspots?${query}`, as);

describe('GET /analytics/hotspots', () => {
  it('gives every cell of the district, zeros included, the Gi* z, p and FDR bin of the counts h3-js gives', async () => {
    for (const [res, k] of [[9, 1], [8, 2]]) {
      const { status, body } = await hotspots(`res=${res}&k=${k}&from=${from}&to=${to}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ res, k, area: '320111', from, to });
      const want = await expected('320111', res, k, [from, to]);
      expect(body.cells.map((c: Cell) => [c.cell, c.count])).toEqual(want.map((c) => [c.cell, c.count]));
      body.cells.forEach((c: Cell, i: number) => {
        expect(c.z).toBeCloseTo(want[i].z, 9);
        expect(c.p).toBeCloseTo(want[i].p, 9);
        expect(c.bin).toBe(want[i].bin);
        if (c.bin !== 0) expect(Math.sign(c.bin)).toBe(Math.sign(c.z));
      });
      const zeros = body.cells.filter((c: Cell) => c.count === 0).length;
      expect(zeros).toBeGreaterThan(body.cells.length / 10);
      expect(body.total).toBe(want.reduce((s, c) => s + c.count, 0));
      expect(body.cells.some((c: Cell) => c.bin >= 2)).toBe(true);
    }
  });

  it('finds each planted hotspot hot over its window and category, and not there in the weeks before', async () => {
    for (const h of planted) {
      const near = new Set(gridDisk(latLngToCell(h.center[1], h.center[0], 9), 1));
      const during = await hotspots(`res=9&category=${h.categoryCode}&from=${h.start.toISOString()}&to=${h.end.toISOString()}`);
      expect(during.status).toBe(200);
      const hot = during.body.cells.filter((c: Cell) => near.has(c.cell));
      const centre = hot.reduce((a: Cell, b: Cell) => (b.z > a.z ? b : a));
      expect(centre.bin, `${h.id} during`).toBe(3);
      const before = await hotspots(`res=9&category=${h.categoryCode}&from=${new Date(h.start.getTime() - 8 * 7 * DAY_MS).toISOString()}&to=${h.start.toISOString()}`);
      const around = before.body.cells.filter((c: Cell) => near.has(c.cell));
      // A rare category is nearly all zeros, so two or three ordinary cases make Gi* significant
      // (measured: up to z ≈ 7, bin 3, next to H2's centre); what must not be there is the planted
      // spot's strength: nothing near it within a fifth of its z while planted (z 60–85).
      expect(Math.max(...around.map((c: Cell) => c.z)), `${h.id} before`).toBeLessThan(centre.z / 5);
    }
  });

  it('keeps a street dispatcher to its street and says what is wrong with a bad query', async () => {
    const own = await hotspots(`from=${from}&to=${to}`, `dispatcher-${street}`);
    expect(own.status).toBe(200);
    expect(own.body.area).toBe(street);
    const want = await expected(street, 9, 1, [from, to]);
    expect(own.body.cells.map((c: Cell) => [c.cell, c.count, c.bin])).toEqual(want.map((c) => [c.cell, c.count, c.bin]));
    expect((await hotspots('area=320111', `dispatcher-${street}`)).status).toBe(403);
    for (const bad of ['k=0', 'k=4', 'k=1.5', 'res=11']) {
      const r = await hotspots(bad);
      expect(r.status, bad).toBe(400);
      expect(r.body.detail).toMatch(bad.slice(0, bad.indexOf('=')));
    }
    expect((await hotspots('', '')).status).toBe(401);
  });
});
