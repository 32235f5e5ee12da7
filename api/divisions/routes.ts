/** GET /divisions (list or GeoJSON) and GET /divisions/{code}. */
import { access, ANYONE } from '../auth/access.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { notFound } from '../http/problem.ts';
import { parseWith } from '../http/validate.ts';
import { divisionsGeoJson, getDivision, listDivisions } from './queries.ts';

const divisionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'a division code has 6, 9 or 12 digits');

const listQuery = z.object({
  level: z.enum(['district', 'street', 'community']).optional(),
  parent: divisionCode.optional(),
  format: z.enum(['json', 'geojson']).default('json'),
});

export function divisionRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/divisions', access(ANYONE), async (c) => {
      const query = parseWith(listQuery, c.req.query(), 'query');
      if (query.format === 'geojson') {
        return c.body(await divisionsGeoJson(db.pool, query), 200, { 'content-type': 'application/geo+json' });
      }
      return c.json({ items: await listDivisions(db.pool, query) });
    })
    .get('/divisions/:code', access(ANYONE), async (c) => {
      const code = parseWith(divisionCode, c.req.param('code'), 'path');
      const division = await getDivision(db.pool, code);
      if (!division) throw notFound(`no division has code ${code}`);
      return c.json(division);
    });
}
