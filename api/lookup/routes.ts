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
      const parts = new Array<string>(points.length);
      let found = 0;
      for (let i = 0; i < points.length; i++) {
        parts[i] = gridIndex.locateJson(points[i][0], points[i][1]);
        if (parts[i] !== 'null') found++;
      }
      const body = `{"count":${points.length},"found":${found},"results":[${parts.join(',')}]}`;
      return c.body(body, 200, { 'content-type': 'application/json' });
    });
}
