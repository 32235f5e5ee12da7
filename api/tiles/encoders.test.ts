/**
 * Both encoders give the same features for the same tiles: PostGIS's ST_AsMVT and Node's
 * geojson-vt + vt-pbf, each run on the real PostgreSQL (PGlite has no ST_AsMVT), compared
 * decoded: ids, properties, and geometry within a pixel (16 tile units of 4096 at 256 px).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { nodeEncoder, postgisEncoder } from './encode.ts';
import type { AnyTileLayer, Tile } from './layer.ts';
import { TILE_LAYERS } from './layers/index.ts';
import { decodeLayer, densestPoint, onBufferEdge, tileAt, type DecodedFeature } from './test-support.ts';

const db = testDatabase();
afterAll(() => db.close());
const PIXEL = 16;

/** Bounding box of a decoded feature's geometry, in tile units. */
function box(f: DecodedFeature): number[] {
  const points = f.geometry.flat();
  return [Math.min(...points.map((p) => p.x)), Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.x)), Math.max(...points.map((p) => p.y))];
}

let dense: [number, number];
let component: [number, number];
beforeAll(async () => {
  dense = await densestPoint(db.pool);
  const { rows } = await db.pool.query(`SELECT ST_X(e.geom) AS x, ST_Y(e.geom) AS y FROM city_component c JOIN entity e ON e.id = c.entity_id ORDER BY c.entity_id LIMIT 1`);
  component = [rows[0].x, rows[0].y];
});

describe.skipIf(db.kind !== 'postgres')('the two encoders', () => {
  const cases: [string, () => Tile][] = [
    ['streets', () => tileAt(...dense, 10)],
    ['communities', () => tileAt(...dense, 12)],
    ['grids', () => tileAt(...dense, 14)],
    ['city_components', () => tileAt(...component, 15)],
    ['incidents', () => tileAt(...dense, 11)],
    ['incidents', () => tileAt(...dense, 16)],
  ];
  for (const [name, tileOf] of cases) {
    it(`give the same ${name} features`, async () => {
      const layer = TILE_LAYERS.find((l) => l.name === name) as AnyTileLayer;
      const request = { tile: tileOf(), params: {}, scope: null };
      const byDatabase = decodeLayer(await postgisEncoder.encode(db.pool, layer, request), name);
      const byNode = decodeLayer(await nodeEncoder.encode(db.pool, layer, request), name);
      expect(byDatabase.length).toBeGreaterThan(0);
      const node = new Map(byNode.map((f) => [f.id, f]));
      const database = new Map(byDatabase.map((f) => [f.id, f]));
      // Only a point rounding onto the buffer's edge may be kept by one and not the other.
      expect(byDatabase.filter((f) => !node.has(f.id) && !onBufferEdge(f)).map((f) => f.id)).toEqual([]);
      expect(byNode.filter((f) => !database.has(f.id)).map((f) => f.id)).toEqual([]);
      expect(node.size).toBeGreaterThan(database.size * 0.99);
      for (const f of byDatabase) {
        const other = node.get(f.id);
        if (!other) continue;
        expect(other.properties).toEqual(f.properties);
        expect(other.type).toBe(f.type);
        const [a, b] = [box(f), box(other)];
        for (let i = 0; i < 4; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(PIXEL);
      }
    });
  }
});
