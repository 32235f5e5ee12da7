/** GET /divisions (list or GeoJSON) and GET /divisions/{code}. */
import { access, ANYONE } from '../auth/access.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { notFound } from '../http/problem.ts';
import { jsonText, type AreaGeometry, type WithArea } from '../http/json-text.ts';
import { parseWith, validQuery } from '../http/validate.ts';
import { divisionsGeoJson, getDivision, listDivisions, type Division, type DivisionDetail } from './queries.ts';
import type { FeatureCollection } from 'geojson';

const divisionCode = z.string().regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'a division code has 6, 9 or 12 digits');

const listQuery = z.object({
  level: z.enum(['district', 'street', 'community']).optional(),
  parent: divisionCode.optional(),
  format: z.enum(['json', 'geojson']).default('json'),
});

/** GET /divisions?format=geojson (see divisionsGeoJson). */
export type DivisionCollection = FeatureCollection<AreaGeometry, Division>;

export function divisionRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/divisions', access(ANYONE), validQuery(listQuery), async (c) => {
      const query = c.req.valid('query');
      if (query.format === 'geojson') return jsonText<DivisionCollection>(c, await divisionsGeoJson(db.pool, query), 'application/geo+json');
      return c.json({ items: await listDivisions(db.pool, query) }, 200);
    })
    .get('/divisions/:code', access(ANYONE), async (c) => {
      const code = parseWith(divisionCode, c.req.param('code'), 'path');
      const division = await getDivision(db.pool, code);
      if (!division) throw notFound(`no division has code ${code}`);
      return c.json(division as WithArea<DivisionDetail>, 200);
    });
}

/** The routes of /divisions, for typed clients. */
export type DivisionRoutes = ReturnType<typeof divisionRoutes>;
