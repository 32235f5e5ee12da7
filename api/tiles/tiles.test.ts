/** The tile routes over the seeded database: TileJSON, cases against SQL, filters, jurisdiction, errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { MVT_TYPE } from './routes.ts';
import { caseIdsInTile, decodeLayer, sameCasesAsSql, densestPoint, tileAt } from './test-support.ts';
import type { Tile } from './layer.ts';

const t = testApp();
afterAll(async () => {
  await t.tiles.close();
  await t.db.close();
});
const q = async (text: string, params: unknown[] = []) => (await t.db.pool.query(text, params)).rows;

let dense: [number, number];
let street = '';
beforeAll(async () => {
  dense = await densestPoint(t.db.pool);
  street = (await q(`SELECT street_code FROM incident WHERE ST_DWithin(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.01) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`, dense))[0].street_code;
});

const path = (layer: string, { z, x, y }: Tile, query = '') => `/tiles/${layer}/${z}/${x}/${y}.mvt${query}`;
async function features(layer: string, tile: Tile, as?: string, query = '') {
  const response = await (as ? t.as(as) : t.app).request(path(layer, tile, query));
  expect([200, 204]).toContain(response.status);
  if (response.status === 200) expect(response.headers.get('content-type')).toBe(MVT_TYPE);
  return decodeLayer(new Uint8Array(await response.arrayBuffer()), layer);
}

describe('TileJSON', () => {
  it('describes each layer in TileJSON 3.0, its filters carried into the tile URL', async () => {
    const { status, body } = await t.getJson('/tiles/incidents.json?source=patrol,video', 'commander');
    expect(status).toBe(200);
    expect(body.tilejson).toBe('3.0.0');
    expect(body.tiles).toEqual([expect.stringMatching(/\/tiles\/incidents\/\{z\}\/\{x\}\/\{y\}\.mvt\?source=patrol,video$/)]);
    expect(body.vector_layers).toEqual([expect.objectContaining({ id: 'incidents', fields: expect.objectContaining({ category: 'String', created_at: 'Number' }) })]);
    const [w, s, e, n] = body.bounds;
    const [extent] = await q(`SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n FROM (SELECT ST_Extent(geom) e FROM division WHERE level = 'street') x`);
    expect([w, s, e, n].map((v: number) => v.toFixed(4))).toEqual([extent.w, extent.s, extent.e, extent.n].map((v: number) => v.toFixed(4)));
    expect(body.minzoom).toBeLessThanOrEqual(body.maxzoom);
    for (const layer of ['streets', 'communities', 'grids']) expect((await t.getJson(`/tiles/${layer}.json`)).body.vector_layers[0].id).toBe(layer);
  });
});

describe('case tiles', () => {
  it('hold exactly the cases of the tile, with their ids and properties, and no personal data', async () => {
    const tile = tileAt(...dense, 15);
    const got = await features('incidents', tile, 'commander');
    const ids = got.map((f) => f.id!);
    expect(got.length).toBeGreaterThan(0);
    expect(await sameCasesAsSql(t.db.pool, ids, tile)).toEqual({ missing: [], extra: [], count: expect.any(Number) });
    const rows = await q(`SELECT id, category_code, source, status, priority, level, floor(extract(epoch FROM created_at))::bigint AS created FROM incident WHERE id = ANY($1)`, [ids]);
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    for (const f of got) {
      const r = byId.get(f.id!);
      expect(f.properties).toEqual({ category: r.category_code, source: r.source, status: r.status, priority: r.priority, level: r.level, created_at: Number(r.created) });
    }
  });

  it('filter by source, status, category and creation time as the case list does', async () => {
    const tile = tileAt(...dense, 13);
    const [{ from }] = await q(`SELECT to_char(percentile_disc(0.5) WITHIN GROUP (ORDER BY created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS from FROM incident`);
    const query = `?source=patrol,hotline_12345&status=closed,evaluated&category=06&from=${from}`;
    const got = await features('incidents', tile, 'commander', query);
    const same = await sameCasesAsSql(t.db.pool, got.map((f) => f.id), tile,
      `source IN ('patrol', 'hotline_12345') AND status IN ('closed', 'evaluated') AND substr(category_code, 1, 2) = '06' AND created_at >= $1`, [from]);
    expect(same.count).toBeGreaterThan(0);
    expect(same).toEqual({ missing: [], extra: [], count: same.count });
  });

  it("keep a street dispatcher to its street's cases, and an analyst away from petitions", async () => {
    const tile = tileAt(...dense, 12);
    const got = await features('incidents', tile, `dispatcher-${street}`);
    expect(got.length).toBeGreaterThan(0);
    // The jurisdiction is the grids under the street's code (api/auth/scope.ts).
    expect(await sameCasesAsSql(t.db.pool, got.map((f) => f.id), tile, 'starts_with(grid_code, $1)', [street])).toEqual({ missing: [], extra: [], count: expect.any(Number) });
    const everyone = await caseIdsInTile(t.db.pool, tile);
    expect(everyone.length).toBeGreaterThan(got.length);
    const analyst = await features('incidents', tile, 'analyst', '?source=petition');
    expect(analyst).toEqual([]);
    expect((await caseIdsInTile(t.db.pool, tile, `source = 'petition'`)).length).toBeGreaterThan(0);
  });

  it('count cases per H3 cell at the resolution of the zoom, within the jurisdiction', async () => {
    const tile = tileAt(...dense, 14);
    const got = await features('incidents_h3', tile, `dispatcher-${street}`);
    expect(got.length).toBeGreaterThan(0);
    const rows = await q(`SELECT to_hex(h3_parent(h3_r10, 10)) AS h3, count(*)::int AS n FROM incident WHERE street_code = $1 AND to_hex(h3_parent(h3_r10, 10)) = ANY($2) GROUP BY 1`,
      [street, got.map((f) => f.properties.h3)]);
    expect(new Map(got.map((f) => [f.properties.h3, f.properties.count]))).toEqual(new Map(rows.map((r) => [r.h3, r.n])));
    expect(new Set(got.map((f) => f.properties.res))).toEqual(new Set([10]));
  });
});

describe('refusals and empty tiles', () => {
  it('answers 400 problem+json naming what is wrong in the path or filters', async () => {
    for (const [p, field] of [
      ['/tiles/streets/23/0/0.mvt', 'z'], ['/tiles/streets/3/8/0.mvt', 'x'], ['/tiles/streets/3/0/8.mvt', 'y'],
      ['/tiles/streets/3/0/abc.mvt', 'y'], ['/tiles/streets/3/0/1.png', 'y'], ['/tiles/streets/3/0/1.mvt?extra=1', 'query'],
      ['/tiles/incidents/12/0/0.mvt?source=fax', 'source'], ['/tiles/incidents/12/0/0.mvt?from=yesterday', 'from'],
      ['/tiles/incidents/12/0/0.mvt?category=6', 'category'],
    ] as const) {
      const response = await t.as('commander').request(p);
      expect(`${p}: ${response.status}`).toBe(`${p}: 400`);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const body = await response.json();
      expect(body.status).toBe(400);
      expect(body.detail).toContain(field);
    }
  });

  it('answers 204 for a zoom outside the layer, 401 to nobody on case layers, 404 for no layer', async () => {
    expect((await t.app.request(path('grids', tileAt(...dense, 5)))).status).toBe(204);
    expect((await t.app.request(path('incidents', tileAt(...dense, 14)))).status).toBe(401);
    expect((await t.as('planner').request(path('incidents', tileAt(...dense, 14)))).status).toBe(403);
    expect((await t.app.request('/tiles/nothing/1/0/0.mvt')).status).toBe(404);
  });

  it('serves the network layers to anyone', async () => {
    const grids = await features('grids', tileAt(...dense, 13));
    const [{ n }] = await q(`SELECT count(*)::int AS n FROM grid WHERE valid_to IS NULL AND ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096))`,
      Object.values(tileAt(...dense, 13)));
    expect(grids.length).toBe(n);
    expect(grids.every((f) => f.type === 3 && String(f.id) === f.properties.code)).toBe(true);
  });
});
