/**
 * Cached tiles and their ETags follow the data: a case created or changed in a tile changes
 * that tile's ETag and content (also when another process writes), and no other layer's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { decodeLayer, tileAt } from './test-support.ts';
import type { Tile } from './layer.ts';

const t = testApp();
afterAll(async () => {
  await t.tiles.close();
  await t.db.close();
});
const q = async (text: string, params: unknown[] = []) => (await t.db.pool.query(text, params)).rows;

const path = (layer: string, { z, x, y }: Tile) => `/tiles/${layer}/${z}/${x}/${y}.mvt`;
const get = (layer: string, tile: Tile, headers: Record<string, string> = {}) =>
  (layer.startsWith('incidents') ? t.as('commander') : t.app).request(path(layer, tile), { headers });

/** The ETag once it is no longer `old` (the change arrives with the commit's notification), or after 5 s. */
async function etagAfterChange(layer: string, tile: Tile, old: string | null): Promise<string | null> {
  const until = Date.now() + 5000;
  for (;;) {
    const etag = (await get(layer, tile)).headers.get('etag');
    if (etag !== old || Date.now() > until) return etag;
    await new Promise((r) => setTimeout(r, 50));
  }
}

let here: [number, number];
let far: [number, number];
beforeAll(async () => {
  const grids = await q(`SELECT ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM grid
    WHERE valid_to IS NULL AND street_code IN (SELECT code FROM division WHERE level = 'street' ORDER BY code LIMIT 2) ORDER BY street_code DESC, code LIMIT 200`);
  here = [grids[0].x, grids[0].y];
  far = [grids.at(-1).x, grids.at(-1).y];
});

describe('tile cache and ETags', () => {
  it('answers 304 to the current ETag, and a new ETag and content once a case in the tile is created or changed', async () => {
    const tile = tileAt(...here, 16);
    const other = tileAt(...far, 14);
    const streets = tileAt(...here, 12);
    const first = await get('incidents', tile);
    const etag = first.headers.get('etag');
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect((await get('incidents', tile, { 'if-none-match': etag ?? '"none"' })).status).toBe(etag ? 304 : 204);
    const otherEtag = (await get('incidents', other)).headers.get('etag');
    const streetsEtag = (await get('streets', streets)).headers.get('etag');
    expect(streetsEtag).toBeTruthy();
    const cachedBytes = t.tiles.cache.bytes;
    expect(cachedBytes).toBeGreaterThan(0);

    const created = await t.as('commander').request('/api/v1/incidents', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'hotline_12345', category: '06010', lon: here[0], lat: here[1], description: 'tile cache test' }),
    });
    expect(created.status).toBe(201);
    const id = Number((await created.json()).id);
    const afterCreate = await etagAfterChange('incidents', tile, etag);
    expect(afterCreate).not.toBe(etag);
    const features = decodeLayer(new Uint8Array(await (await get('incidents', tile)).arrayBuffer()), 'incidents');
    expect(features.find((f) => f.id === id)?.properties.status).toBe('reported');

    // Another process's write: straight SQL on a connection of its own.
    await q(`UPDATE incident SET status = 'verified', updated_at = now() WHERE id = $1`, [id]);
    const afterUpdate = await etagAfterChange('incidents', tile, afterCreate);
    expect(afterUpdate).not.toBe(afterCreate);
    const updated = decodeLayer(new Uint8Array(await (await get('incidents', tile)).arrayBuffer()), 'incidents');
    expect(updated.find((f) => f.id === id)?.properties.status).toBe('verified');

    // Elsewhere, and on other layers, nothing changed: the same ETag (a 304 for a client holding it).
    expect((await get('incidents', other)).headers.get('etag')).toBe(otherEtag);
    expect((await get('streets', streets, { 'if-none-match': streetsEtag! })).status).toBe(304);
  });
});
