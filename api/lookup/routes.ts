/** GET /lookup?lon=&lat= (one point) and POST /lookup (a batch): which grid, community, street. */
import { Hono } from 'hono';
import { notFound } from '../http/problem.ts';
import { parseWith, readJsonBody } from '../http/validate.ts';
import type { GridIndex } from './grid-index.ts';
import { lookupQuery, parsePointsBody } from './points.ts';

export function lookupRoutes(gridIndex: GridIndex): Hono {
  return new Hono()
    .get('/lookup', async (c) => {
      const { lon, lat } = parseWith(lookupQuery, c.req.query(), 'query');
      await gridIndex.ready();
      const result = gridIndex.locate(lon, lat);
      if (!result) throw notFound(`the point (${lon}, ${lat}) lies outside every grid`, { lon, lat });
      return c.json(result);
    })
    .post('/lookup', async (c) => {
      const points = parsePointsBody(await readJsonBody(c.req.raw));
      await gridIndex.ready();
      const { json, found } = gridIndex.locateManyJson(points);
      const head = Buffer.from(`{"count":${points.length},"found":${found},"results":`);
      const body = Buffer.concat([head, json, Buffer.from('}')]);
      return c.body(new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/json',
      });
    });
}
