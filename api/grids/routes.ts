/** GET /grids (GeoJSON of current grids) and GET /grids/{code}. */
import { access, ANYONE } from '../auth/access.ts';
import { userOf } from '../auth/principal.ts';
import { maskPhone } from '../privacy/index.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { notFound } from '../http/problem.ts';
import { bboxParam, communityCode, gridCode, streetCode } from '../http/params.ts';
import { jsonText, type AreaGeometry, type WithArea } from '../http/json-text.ts';
import { parseWith, validQuery } from '../http/validate.ts';
import { getGrid, gridsGeoJson, type GridDetail } from './queries.ts';
import type { FeatureCollection } from 'geojson';

const listQuery = z.object({
  bbox: bboxParam.optional(),
  street: streetCode.optional(),
  community: communityCode.optional(),
});

/** The properties of a grid in GET /grids (see gridsGeoJson). */
export interface GridProperties {
  code: string;
  name: string;
  kind: GridDetail['kind'];
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  households: number;
  population: number;
  areaKm2: number;
}

export type GridCollection = FeatureCollection<AreaGeometry, GridProperties>;

export function gridRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/grids', access(ANYONE), validQuery(listQuery), async (c) =>
      jsonText<GridCollection>(c, await gridsGeoJson(db.pool, c.req.valid('query')), 'application/geo+json'))
    .get('/grids/:code', access(ANYONE), async (c) => {
      const code = parseWith(gridCode, c.req.param('code'), 'path');
      const grid = await getGrid(db.pool, code);
      if (!grid) throw notFound(`no current grid has code ${code}`);
      // Grid staff's mobile numbers are for colleagues; the public sees them masked.
      const role = userOf(c)?.role;
      const staff = role !== undefined && role !== 'citizen';
      const answer = (staff ? grid : { ...grid, staff: grid.staff.map((s) => ({ ...s, phone: s.phone && maskPhone(s.phone) })) }) as WithArea<GridDetail>;
      return c.json(answer, 200);
    });
}

/** The routes of /grids, for typed clients (hc<GridRoutes>). */
export type GridRoutes = ReturnType<typeof gridRoutes>;
