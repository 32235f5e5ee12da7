/**
 * GET /stats?level=district|street|community|grid&code= : counts, households, population, densities;
 * GET /stats/grids?code=&category= : every grid of an area with its count (the statistics map).
 */
import { access, rule } from '../auth/access.ts';
import { checkArea } from '../auth/area.ts';
import { AGGREGATE_READERS } from '../auth/roles.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { badRequest, notFound } from '../http/problem.ts';
import { districtCode } from '../divisions/queries.ts';
import { parseWith, validQuery } from '../http/validate.ts';
import { getStats, gridCounts, type StatsLevel } from './queries.ts';

const CODE_LENGTH: Record<StatsLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };

const statsQuery = z.object({
  level: z.enum(['district', 'street', 'community', 'grid'], { message: 'level must be district, street, community or grid' }).default('district'),
  code: z.string().regex(/^\d+$/, 'a code is digits').optional(),
});

const gridCountsQuery = z.object({
  code: z.string().regex(/^\d{6}(\d{3}){0,3}$/, 'a district, street, community or grid code (6, 9, 12 or 15 digits)'),
  category: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'category is a category code such as RP01 or 01001').optional(),
});

export function statsRoutes({ db }: AppDeps) {
  return new Hono()
    .get('/stats/grids', access(rule(...AGGREGATE_READERS)), validQuery(gridCountsQuery), async (c) => {
      const { code, category } = c.req.valid('query');
      checkArea(c, code);
      const items = await gridCounts(db.pool, code, category);
      if (items.length === 0) throw notFound(`no current grid lies in ${code}`);
      return c.json({ code, category: category ?? null, items }, 200);
    })
    .get('/stats', access(rule(...AGGREGATE_READERS)), async (c) => {
      const query = parseWith(statsQuery, c.req.query(), 'query');
      let code = query.code;
      if (code === undefined) {
        if (query.level !== 'district') throw badRequest(`invalid query: code: a ${query.level} code is required`, { errors: [{ field: 'code', message: 'required' }] });
        const district = await districtCode(db.pool);
        if (!district) throw notFound('no district is loaded');
        code = district;
      }
      const length = CODE_LENGTH[query.level];
      if (code.length !== length) {
        throw badRequest(`invalid query: code: a ${query.level} code has ${length} digits`, { errors: [{ field: 'code', message: `a ${query.level} code has ${length} digits` }] });
      }
      checkArea(c, code);
      const stats = await getStats(db.pool, query.level, code);
      if (!stats) throw notFound(`no ${query.level} has code ${code}`);
      return c.json(stats, 200);
    });
}

/** The routes of /stats, for typed clients. */
export type StatsRoutes = ReturnType<typeof statsRoutes>;
