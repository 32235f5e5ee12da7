/**
 * GET /tiles/{layer}.json (TileJSON 3.0) and GET /tiles/{layer}/{z}/{x}/{y}.mvt for each layer
 * of layers/: parse, ask the tile service, answer with an ETag (304 to If-None-Match). A tile
 * without features, or at a zoom outside the layer's range, is 204 No Content; coordinates
 * outside the tile grid are 400.
 */
import { Hono, type Context } from 'hono';
import { access } from '../auth/access.ts';
import { userOf } from '../auth/principal.ts';
import { scopeOf } from '../auth/scope.ts';
import type { Database } from '../db/database.ts';
import { badRequest } from '../http/problem.ts';
import { parseWith } from '../http/validate.ts';
import { MAX_ZOOM, type AnyTileLayer, type Tile } from './layer.ts';
import { cityComponentsLayer } from './layers/city-components.ts';
import { incidentsH3Layer } from './layers/incidents-h3.ts';
import { incidentsLayer } from './layers/incidents.ts';
import { communitiesLayer, gridsLayer, streetsLayer } from './layers/network.ts';
import { networkBounds } from './queries.ts';
import type { TileService } from './service.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

function tileOf(z: string, x: string, yMvt: string): Tile {
  const fail = (field: string, message: string) => badRequest(`invalid path: ${field}: ${message}`, { errors: [{ field, message }] });
  if (!/^\d{1,2}$/.test(z) || Number(z) > MAX_ZOOM) throw fail('z', `a zoom level 0–${MAX_ZOOM}`);
  const n = 2 ** Number(z);
  if (!/^\d{1,7}$/.test(x) || Number(x) >= n) throw fail('x', `a column 0–${n - 1} at zoom ${z}`);
  const y = /^(\d{1,7})\.mvt$/.exec(yMvt)?.[1];
  if (y === undefined || Number(y) >= n) throw fail('y', `a row 0–${n - 1} at zoom ${z}, followed by .mvt`);
  return { z: Number(z), x: Number(x), y: Number(y) };
}

/** The reader's scope for a private layer (its rule lets only staff through). */
const scopeFor = (layer: AnyTileLayer, c: Context) => (layer.scoped ? scopeOf(userOf(c)!) : null);

const cacheControl = (layer: AnyTileLayer) => (layer.scoped ? 'private, no-cache' : 'public, no-cache');

/** The two routes of one layer. */
function layerRoutes(layer: AnyTileLayer, tiles: TileService, db: Database) {
  return new Hono()
    .get(`/${layer.name}.json`, access(layer.readers), async (c) => {
      parseWith(layer.params, c.req.query(), 'query');
      const url = new URL(c.req.url);
      c.header('cache-control', cacheControl(layer));
      return c.json({
        tilejson: '3.0.0',
        name: layer.name,
        description: layer.description,
        scheme: 'xyz',
        // The filters asked for travel with every tile.
        tiles: [`${url.origin}/tiles/${layer.name}/{z}/{x}/{y}.mvt${url.search}`],
        minzoom: layer.minzoom,
        maxzoom: layer.maxzoom,
        bounds: await networkBounds(db.pool),
        vector_layers: [{ id: layer.name, description: layer.description, minzoom: layer.minzoom, maxzoom: layer.maxzoom, fields: layer.fields }],
      }, 200);
    })
    .get(`/${layer.name}/:z/:x/:y`, access(layer.readers), async (c) => {
      const tile = tileOf(c.req.param('z'), c.req.param('x'), c.req.param('y'));
      const params = parseWith(layer.params, c.req.query(), 'query');
      c.header('cache-control', cacheControl(layer));
      if (layer.scoped) c.header('vary', 'authorization, cookie');
      if (tile.z < layer.minzoom || tile.z > layer.maxzoom) return c.body(null, 204);
      const { bytes, etag } = await tiles.tile(layer, tile, params, scopeFor(layer, c));
      if (!bytes.length) return c.body(null, 204);
      c.header('etag', etag);
      if (c.req.header('if-none-match')?.split(/\s*,\s*/).includes(etag)) return c.body(null, 304);
      c.header('content-type', MVT_TYPE);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
    });
}

export function tileRoutes(tiles: TileService, db: Database) {
  return new Hono()
    .route('/', layerRoutes(streetsLayer, tiles, db))
    .route('/', layerRoutes(communitiesLayer, tiles, db))
    .route('/', layerRoutes(gridsLayer, tiles, db))
    .route('/', layerRoutes(cityComponentsLayer, tiles, db))
    .route('/', layerRoutes(incidentsLayer, tiles, db))
    .route('/', layerRoutes(incidentsH3Layer, tiles, db));
}

/** The routes of /tiles, for typed clients. */
export type TileRoutes = ReturnType<typeof tileRoutes>;
