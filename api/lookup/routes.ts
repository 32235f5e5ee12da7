/** GET /lookup?lon=&lat= (one point) and POST /lookup (a batch): which grid, community, street. */
import { access, ANYONE, rule } from '../auth/access.ts';
import { STAFF } from '../auth/roles.ts';
import { Hono } from 'hono';
import { notFound } from '../http/problem.ts';
import { jsonText } from '../http/json-text.ts';
import { readJsonBody, validQuery } from '../http/validate.ts';
import type { GridIndex, LookupResult } from './grid-index.ts';
import { lookupQuery, parsePointsBody } from './points.ts';

export function lookupRoutes(gridIndex: GridIndex) {
  return new Hono()
    .get('/lookup', access(ANYONE), validQuery(lookupQuery), async (c) => {
      const { lon, lat } = c.req.valid('query');
      await gridIndex.ready();
      const json = gridIndex.locateJson(lon, lat);
      if (!json) throw notFound(`the point (${lon}, ${lat}) lies outside every grid`, { lon, lat });
      return jsonText<LookupResult>(c, asBody(json));
    })
    .post('/lookup', access(rule(...STAFF)), async (c) => {
      const points = parsePointsBody(await readJsonBody(c.req.raw));
      await gridIndex.ready();
      const { json, found } = gridIndex.locateManyJson(points);
      const head = Buffer.from(`{"count":${points.length},"found":${found},"results":`);
      return jsonText<{ count: number; found: number; results: (LookupResult | null)[] }>(c, asBody(Buffer.concat([head, json, Buffer.from('}')])));
    });
}

/** The routes of /lookup, for typed clients. */
export type LookupRoutes = ReturnType<typeof lookupRoutes>;

/** A Buffer as the Uint8Array<ArrayBuffer> that Hono's c.body() takes (no copy). */
function asBody(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
}
