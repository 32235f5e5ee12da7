/**
 * GET /analytics/series?step=week|day&from=&to=&area=&category=&source=&by=category|source →
 * cases per calendar week (Monday) or day in Beijing time, one series per major class or per
 * source, for the analyst view's charts. Steps are whole local weeks or days; the first and the
 * last may be cut by `from` and `to` (only cases inside the window are counted).
 */
import { Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import { access, rule } from '../auth/access.ts';
import { AGGREGATE_READERS } from '../auth/roles.ts';
import type { AppDeps } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { qb, rows } from '../db/query.ts';
import { badRequest } from '../http/problem.ts';
import { validQuery } from '../http/validate.ts';
import { SOURCES } from '../incidents/model.ts';
import { caseFilter, caseFilterQuery, DAY_MS, matchesFilter, type CaseFilter } from './filters.ts';

export const STEPS = { day: DAY_MS, week: 7 * DAY_MS } as const;
export type Step = keyof typeof STEPS;
export type SeriesBy = 'category' | 'source';

/** Default windows: a year of weeks, a month of days. */
const DEFAULT_DAYS: Record<Step, number> = { week: 364, day: 30 };
/** More steps than this is a request for another step size. */
const MAX_STEPS = 400;
/** Beijing time is UTC+8 all year (no daylight saving), so local weeks and days have fixed lengths. */
const UTC_OFFSET_MS = 8 * 3_600_000;

const seriesQuery = z.object({
  ...caseFilterQuery,
  step: z.enum(['week', 'day'], { error: 'step: week or day' }).default('week'),
  by: z.enum(['category', 'source'], { error: 'by: category or source' }).default('category'),
});

/** The start (UTC instant) of the local day or Monday-week containing `t`. */
export function stepStart(t: Date, step: Step): Date {
  const local = t.getTime() + UTC_OFFSET_MS;
  let day = Math.floor(local / DAY_MS) * DAY_MS;
  // 1970-01-01 was a Thursday: days since the last Monday.
  if (step === 'week') day -= ((Math.floor(local / DAY_MS) + 3) % 7) * DAY_MS;
  return new Date(day - UTC_OFFSET_MS);
}

export interface CaseSeries {
  starts: Date[];
  /** Cases per key and step. */
  counts: Map<string, number[]>;
}

/** Cases of the filter per step and key (major class or source). */
export async function countByStep(db: Queryable, f: CaseFilter, step: Step, by: SeriesBy): Promise<CaseSeries> {
  const stepMs = STEPS[step];
  const first = stepStart(f.from, step);
  const steps = Math.ceil((f.to.getTime() - first.getTime()) / stepMs);
  if (steps > MAX_STEPS) throw badRequest(`invalid query: from: at most ${MAX_STEPS} ${step}s in one series`, { errors: [{ field: 'from', message: 'window too long for the step' }] });
  const key = by === 'source' ? sql<string>`i.source` : sql<string>`substr(i.category_code, 1, 2)`;
  const index = sql<number>`floor(extract(epoch FROM i.created_at - ${first}::timestamptz) * 1000 / ${stepMs})::int`;
  const found = await rows(db, qb.selectFrom('incident as i')
    .select([key.as('key'), index.as('step'), sql<number>`count(*)::int`.as('n')])
    .where(matchesFilter(f))
    .groupBy([sql`1`, sql`2`]));
  const counts = new Map<string, number[]>();
  for (const r of found) {
    let series = counts.get(r.key);
    if (!series) counts.set(r.key, (series = new Array<number>(steps).fill(0)));
    series[r.step] += r.n;
  }
  return { starts: Array.from({ length: steps }, (_, i) => new Date(first.getTime() + i * stepMs)), counts };
}

/** The names of the major classes (大类) of the category table. */
async function majorClassNames(db: Queryable): Promise<Map<string, string>> {
  const found = await rows(db, qb.selectFrom('incident_category').select(['major_code', 'major_name']).distinct());
  return new Map(found.map((r) => [r.major_code, r.major_name]));
}

export function seriesRoutes(deps: AppDeps) {
  return new Hono().get('/analytics/series', access(rule(...AGGREGATE_READERS)), validQuery(seriesQuery), async (c) => {
    const q = c.req.valid('query');
    const filter = caseFilter(c, q, DEFAULT_DAYS[q.step]);
    const { starts, counts } = await countByStep(deps.db.pool, filter, q.step, q.by);
    if (q.by === 'source') {
      // Every source asked for gets a series, empty or not, so a chart's colours stay put.
      for (const source of filter.sources.length ? filter.sources : SOURCES) {
        if (!counts.has(source)) counts.set(source, new Array<number>(starts.length).fill(0));
      }
    }
    const majorNames = q.by === 'category' ? await majorClassNames(deps.db.pool) : new Map<string, string>();
    const total = (n: number[]) => n.reduce((a, b) => a + b, 0);
    const series = [...counts]
      .map(([key, n]) => ({ key, name: q.by === 'category' ? (majorNames.get(key) ?? key) : key, counts: n }))
      .sort((a, b) => total(b.counts) - total(a.counts) || a.key.localeCompare(b.key));
    return c.json({
      step: q.step,
      by: q.by,
      area: filter.area,
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      starts: starts.map((s) => s.toISOString()),
      series,
    }, 200);
  });
}
