/**
 * GET /analytics/emerging?res=9&k=1&step=week&steps=12&to=&category=&source=&area= → per H3 cell
 * of the area, its emerging hot spot category (new, consecutive, intensifying, persistent,
 * diminishing, sporadic, oscillating, historical hot or cold spot, or no pattern): a cube of
 * cases per cell and step, space-time Gi* of every bin over gridDisk(cell, k) in this and the
 * previous step, FDR-corrected bins, and a Mann–Kendall trend test of each cell's z series
 * (api/analytics/statistics/emerging.ts, ArcGIS's rules). Steps end at `to` (default now).
 * Defaults: resolution 9, k = 1, 12 weeks: a quarter, enough steps for a trend test.
 * Cells with no pattern and no case in the whole cube are left out of `cells` (`omitted` says
 * how many); they are still counted in `counts.no_pattern`.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { access, rule } from '../auth/access.ts';
import { AGGREGATE_READERS } from '../auth/roles.ts';
import type { AppDeps } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { validQuery } from '../http/validate.ts';
import { countByCellAndStep, type Resolution } from './cells.ts';
import { diskNeighbours, studyCells } from './coverage.ts';
import { caseFilter, caseFilterQuery, DAY_MS, type CaseFilter } from './filters.ts';
import { resolutionParam } from './heatmap.ts';
import { ringParam } from './hotspots.ts';
import { EMERGING_CATEGORIES, emergingHotspots, type EmergingCategory } from './statistics/index.ts';

/** Steps of fixed length (a month is not one, so it is not offered). */
export const STEP_MS = { day: DAY_MS, week: 7 * DAY_MS } as const;
export type Step = keyof typeof STEP_MS;

const { from: _from, ...filterQuery } = caseFilterQuery;
const emergingQuery = z.object({
  ...filterQuery,
  res: resolutionParam.default(9),
  k: ringParam.default(1),
  step: z.enum(['day', 'week'], { error: 'step: day or week' }).default('week'),
  steps: z.coerce.number({ error: 'steps must be a number' }).int('steps: a whole number').min(4, 'steps: 4 to 104').max(104, 'steps: 4 to 104').default(12),
});

export interface EmergingResult {
  starts: Date[];
  end: Date;
  counts: Record<EmergingCategory, number>;
  cells: { cell: string; category: EmergingCategory; trendZ: number; trendP: number; hotSteps: number; coldSteps: number; total: number }[];
  omitted: number;
}

/** The emerging hot spot categories of the area's cells over `steps` steps ending at filter.to. */
export async function emerging(db: Queryable, filter: CaseFilter, res: Resolution, k: number, step: Step, steps: number): Promise<EmergingResult> {
  const series = await countByCellAndStep(db, filter, res, filter.to, STEP_MS[step], steps);
  const cells = await studyCells(db, filter.area, res, series.counts.keys());
  const n = cells.length;
  const counts = new Float64Array(n * steps);
  const totals = new Float64Array(n);
  cells.forEach((cell, i) => {
    const s = series.counts.get(cell);
    if (!s) return;
    for (let t = 0; t < steps; t++) {
      counts[t * n + i] = s[t];
      totals[i] += s[t];
    }
  });
  const found = emergingHotspots({ cells: n, steps, counts }, diskNeighbours(cells, k));
  const byCategory = Object.fromEntries(EMERGING_CATEGORIES.map((c) => [c, 0])) as Record<EmergingCategory, number>;
  const listed: EmergingResult['cells'] = [];
  found.forEach((e, i) => {
    byCategory[e.category]++;
    if (e.category === 'no_pattern' && totals[i] === 0) return;
    listed.push({ cell: cells[i], category: e.category, trendZ: e.trend.z, trendP: e.trend.p, hotSteps: e.hotSteps, coldSteps: e.coldSteps, total: totals[i] });
  });
  return { starts: series.starts, end: series.end, counts: byCategory, cells: listed, omitted: n - listed.length };
}

export function emergingRoutes(deps: AppDeps) {
  return new Hono().get('/analytics/emerging', access(rule(...AGGREGATE_READERS)), validQuery(emergingQuery), async (c) => {
    const q = c.req.valid('query');
    const filter = caseFilter(c, q, q.steps * STEP_MS[q.step] / DAY_MS);
    const res = q.res as Resolution;
    const result = await emerging(deps.db.pool, filter, res, q.k, q.step, q.steps);
    return c.json({
      res,
      k: q.k,
      step: q.step,
      steps: q.steps,
      area: filter.area,
      starts: result.starts.map((d) => d.toISOString()),
      end: result.end.toISOString(),
      counts: result.counts,
      cells: result.cells,
      omitted: result.omitted,
    }, 200);
  });
}
