/**
 * GET /analytics/hotspots?res=9&k=1&from=&to=&category=&source=&area= → Getis-Ord Gi* of the
 * cases per H3 cell: for every cell of the area (cells without a case count as zeros, so the
 * mean and deviation are the area's), binary weights over gridDisk(cell, k) with the cell itself,
 * z, its two-sided p and the confidence bin −3…3 (99/95/90 %) after Benjamini–Hochberg FDR
 * correction done separately at α = 0.01, 0.05 and 0.10 (api/analytics/statistics).
 * Defaults: resolution 9 (~0.1 km², a few blocks), k = 1 (the cell and its six neighbours) and the
 * last 90 days, a season: long enough for counts per block, short enough to be current.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { access, rule } from '../auth/access.ts';
import { AGGREGATE_READERS } from '../auth/roles.ts';
import type { AppDeps } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { validQuery } from '../http/validate.ts';
import { countByCell, type Resolution } from './cells.ts';
import { diskNeighbours, studyCells } from './coverage.ts';
import { caseFilter, caseFilterQuery, type CaseFilter } from './filters.ts';
import { resolutionParam } from './heatmap.ts';
import { confidenceBins, giStar, twoSidedP } from './statistics/index.ts';

/** The window of a hotspot analysis unless from/to say otherwise. */
export const HOTSPOT_DAYS = 90;

export const ringParam = z.coerce.number({ error: 'k must be a number' }).int('k: a whole number of rings')
  .min(1, 'k: 1 to 3 rings of neighbours').max(3, 'k: 1 to 3 rings of neighbours');

const hotspotQuery = z.object({ ...caseFilterQuery, res: resolutionParam.default(9), k: ringParam.default(1) });

export interface HotspotCell {
  cell: string;
  count: number;
  z: number;
  p: number;
  bin: number;
}

/** Gi* of every cell of the filter's area (sorted by cell), from the cases' counts. */
export async function hotspots(db: Queryable, filter: CaseFilter, res: Resolution, k: number): Promise<HotspotCell[]> {
  const counts = await countByCell(db, filter, res);
  const cells = await studyCells(db, filter.area, res, counts.keys());
  const values = Float64Array.from(cells, (c) => counts.get(c) ?? 0);
  const z = giStar(values, diskNeighbours(cells, k));
  const p = z.map(twoSidedP);
  const bins = confidenceBins(z, p);
  return cells.map((cell, i) => ({ cell, count: values[i], z: z[i], p: p[i], bin: bins[i] }));
}

export function hotspotRoutes(deps: AppDeps) {
  return new Hono().get('/analytics/hotspots', access(rule(...AGGREGATE_READERS)), validQuery(hotspotQuery), async (c) => {
    const q = c.req.valid('query');
    const filter = caseFilter(c, q, HOTSPOT_DAYS);
    const res = q.res as Resolution;
    const cells = await hotspots(deps.db.pool, filter, res, q.k);
    return c.json({
      res,
      k: q.k,
      area: filter.area,
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      total: cells.reduce((sum, x) => sum + x.count, 0),
      cells,
    }, 200);
  });
}
