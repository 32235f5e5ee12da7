/** GET /grids (GeoJSON of current grids) and GET /grids/{code}. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { notFound } from '../http/problem.ts';
import { bboxParam, communityCode, gridCode, streetCode } from '../http/params.ts';
import { parseWith } from '../http/validate.ts';
import { getGrid, gridsGeoJson } from './queries.ts';

const listQuery = z.object({
  bbox: bboxParam.optional(),
  street: streetCode.optional(),
  community: communityCode.optional(),
});

export function gridRoutes({ db }: AppDeps): Hono {
  return new Hono()
    .get('/grids', async (c) => {
      const query = parseWith(listQuery, c.req.query(), 'query');
      return c.body(await gridsGeoJson(db.pool, query), 200, { 'content-type': 'application/geo+json' });
    })
    .get('/grids/:code', async (c) => {
      const code = parseWith(gridCode, c.req.param('code'), 'path');
      const grid = await getGrid(db.pool, code);
      if (!grid) throw notFound(`no current grid has code ${code}`);
      return c.json(grid);
    });
}
