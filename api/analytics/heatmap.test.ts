/** The heatmap against cells computed with h3-js from the cases' points, per filter and jurisdiction. */
import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { lastDays } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let from = '';
let to = '';
let street = '';

beforeAll(async () => {
  ({ from, to, street } = await lastDays(t.db.pool, 60));
});

/**
 * Cells and counts from the cases' points, as h3-js places them: a case's cell at a coarser
 * resolution is the parent of its resolution-10 cell (H3 children do not nest exactly in their
 * parents, so this can differ from latLngToCell at that resolution near a cell's edge).
 */
async function expected(where: string, params: unknown[], res: number): Promise<Map<string, number>> {
  const { rows } = await t.db.pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident i WHERE created_at >= $1 AND created_at < $2 AND geom IS NOT NULL AND ${where}`,
    [from, to, ...params],
  );
  const counts = new Map<string, number>();
  for (const r of rows) {
    const cell = cellToParent(latLngToCell(r.lat, r.lon, 10), res);
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}

const asMap = (cells: { cell: string; count: number }[]) => new Map(cells.map((c) => [c.cell, c.count]));
const heatmap = (query: string, as = 'analyst') => t.getJson(`/api/v1/analytics/heatmap?from=${from}&to=${to}&${query}`, as);

describe('GET /analytics/heatmap', () => {
  it('counts the district\'s cases per cell as h3-js places their points, at each resolution', async () => {
    for (const res of [7, 9, 10]) {
      const { status, body } = await heatmap(`res=${res}`);
      expect(status).toBe(200);
      const want = await expected('true', [], res);
      expect(asMap(body.cells)).toEqual(want);
      expect(body.total).toBe([...want.values()].reduce((a, b) => a + b, 0));
      expect(body.total).toBeGreaterThan(1000);
      expect(body).toMatchObject({ res, area: '320111', from, to });
    }
  });

  it('filters by category (matter or major class), source and bbox', async () => {
    const byCategory = await heatmap('res=8&category=06,09006');
    expect(asMap(byCategory.body.cells)).toEqual(await expected(`(substr(category_code, 1, 2) = '06' OR category_code = '09006')`, [], 8));
    const bySource = await heatmap('res=8&source=citizen_app,hotline_12345');
    expect(asMap(bySource.body.cells)).toEqual(await expected(`source IN ('citizen_app', 'hotline_12345')`, [], 8));
    const box = [118.6, 32.0, 118.7, 32.1];
    const inBox = await heatmap(`res=9&bbox=${box.join(',')}`);
    expect(asMap(inBox.body.cells)).toEqual(await expected(`geom && ST_MakeEnvelope($3, $4, $5, $6, 4326)`, box, 9));
    for (const { cell } of inBox.body.cells.slice(0, 20)) {
      const [lat, lon] = cellToLatLng(cell);
      expect(lon).toBeGreaterThan(box[0] - 0.01);
      expect(lat).toBeLessThan(box[3] + 0.01);
    }
  });

  it('keeps a street dispatcher to its street, and a department to the cases dispatched to it', async () => {
    const own = await heatmap('res=9', `dispatcher-${street}`);
    expect(own.body.area).toBe(street);
    expect(asMap(own.body.cells)).toEqual(await expected(`street_code = $3`, [street], 9));
    const other = await heatmap('res=9&area=320111', `dispatcher-${street}`);
    expect(other.status).toBe(403);
    const department = await heatmap('res=9', 'dept-urban_management');
    expect(asMap(department.body.cells)).toEqual(await expected(
      `EXISTS (SELECT 1 FROM incident_department d WHERE d.incident_id = i.id AND d.department_code = 'urban_management')`, [], 9));
  });

  it('is refused to citizens and to nobody, and says what is wrong with a bad query', async () => {
    expect((await heatmap('res=9', '')).status).toBe(401);
    const bad = await heatmap('res=6');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/res/);
    const reversed = await t.getJson(`/api/v1/analytics/heatmap?from=${to}&to=${from}`, 'analyst');
    expect(reversed.status).toBe(400);
    expect((await heatmap('category=6')).status).toBe(400);
  });
});
