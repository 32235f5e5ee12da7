/** GET /grids (GeoJSON of current grids) and GET /grids/{code}. */
import { access, ANYONE } from '../auth/access.ts';
import { userOf } from '../auth/principal.ts';
import { maskPhone } from '../privacy/index.ts';
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

export function gridRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/grids', access(ANYONE), async (c) => {
      const query = parseWith(listQuery, c.req.query(), 'query');
      return c.body(await gridsGeoJson(db.pool, query), 200, { 'content-type': 'application/geo+json' });
    })
    .get('/grids/:code', access(ANYONE), async (c) => {
      const code = parseWith(gridCode, c.req.param('code'), 'path');
      const grid = await getGrid(db.pool, code);
      if (!grid) throw notFound(`no current grid has code ${code}`);
      // Grid staff's mobile numbers are for colleagues; the public sees them masked.
      const role = userOf(c)?.role;
      const staff = role !== undefined && role !== 'citizen';
      return c.json(staff ? grid : { ...grid, staff: grid.staff.map((s) => ({ ...s, phone: s.phone && maskPhone(s.phone) })) });
    });
}
