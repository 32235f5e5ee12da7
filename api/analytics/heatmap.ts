/**
 * GET /analytics/heatmap?res=&from=&to=&category=&source=&area=&bbox= → cases per H3 cell, for
 * the analyst map's hexagons and heat layer. Only cells with cases are listed (a map draws
 * nothing for zero); the hotspot analysis lists every cell of the area.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { access, rule } from '../auth/access.ts';
import { AGGREGATE_READERS } from '../auth/roles.ts';
import type { AppDeps } from '../context.ts';
import { validQuery } from '../http/validate.ts';
import { countByCell, RESOLUTIONS, type Resolution } from './cells.ts';
import { bboxQuery, caseFilter, caseFilterQuery } from './filters.ts';

export const resolutionParam = z.coerce.number({ error: 'res must be a number' })
  .refine((n): n is Resolution => (RESOLUTIONS as readonly number[]).includes(n), `res: one of ${RESOLUTIONS.join(', ')}`);

const heatmapQuery = z.object({ ...caseFilterQuery, ...bboxQuery, res: resolutionParam.default(9) });

/** The window of a heatmap unless from/to say otherwise. */
const HEATMAP_DAYS = 30;

export function heatmapRoutes(deps: AppDeps) {
  return new Hono().get('/analytics/heatmap', access(rule(...AGGREGATE_READERS)), validQuery(heatmapQuery), async (c) => {
    const q = c.req.valid('query');
    const filter = { ...caseFilter(c, q, HEATMAP_DAYS), bbox: q.bbox };
    const counts = await countByCell(deps.db.pool, filter, q.res as Resolution);
    const cells = [...counts].map(([cell, count]) => ({ cell, count })).sort((a, b) => b.count - a.count || a.cell.localeCompare(b.cell));
    return c.json({
      res: q.res as Resolution,
      area: filter.area,
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      total: cells.reduce((sum, x) => sum + x.count, 0),
      cells,
    }, 200);
  });
}
