/**
 * GET /analytics/forecast — expected cases per cell over the next `horizon` days;
 * GET /analytics/backtest — the forecast and two naive baselines scored on past weeks;
 * GET /alerts — cells and grids whose recent cases exceed their forecast's upper bound (early warning).
 * Aggregates of the user's jurisdiction, like every analysis (filters.ts).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { access, rule } from '../../auth/access.ts';
import { AGGREGATE_READERS } from '../../auth/roles.ts';
import type { AppDeps } from '../../context.ts';
import { validQuery } from '../../http/validate.ts';
import { instant } from '../../incidents/schema.ts';
import type { Resolution } from '../cells.ts';
import { caseFilter, caseFilterQuery, DAY_MS } from '../filters.ts';
import { resolutionParam } from '../heatmap.ts';
import { alerts, MIN_CASES, UPPER_QUANTILE } from './alerts.ts';
import { backtest, HISTORY_DAYS } from './backtest.ts';
import { cellHistory } from './history.ts';
import { FIT_WEEKS, Forecaster, METHOD } from './method.ts';
import { poissonQuantile } from './poisson.ts';

const { category, source, area } = caseFilterQuery;
const horizonParam = z.string().regex(/^([1-9]|[12]\d)d$/, 'horizon: days ahead, 1d to 29d, e.g. 7d').default('7d');

const forecastQuery = z.object({
  category, source, area, res: resolutionParam.default(9), horizon: horizonParam,
  /** Start of the forecast period (default now): only cases before it are read. */
  from: instant.optional(),
});
const backtestQuery = z.object({
  category, source, area, res: resolutionParam.default(9),
  weeks: z.coerce.number({ error: 'weeks must be a number' }).int('weeks: a whole number').min(1, 'weeks: 1 to 26').max(26, 'weeks: 1 to 26').default(12),
  /** End of the last week scored (default now). */
  to: instant.optional(),
});
const alertsQuery = z.object({
  category, source, area, res: resolutionParam.default(9),
  /** The end of the recent window (default now). */
  asOf: instant.optional(),
});

const ALERT_WINDOW_DAYS = 7;
const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const rounded = (byShare: Record<string, number>) => Object.fromEntries(Object.entries(byShare).map(([k, v]) => [k, round(v)])) as { p1: number; p5: number; p10: number };

export function forecastRoutes(deps: AppDeps) {
  return new Hono()
    .get('/analytics/forecast', access(rule(...AGGREGATE_READERS)), validQuery(forecastQuery), async (c) => {
      const q = c.req.valid('query');
      const filter = caseFilter(c, { category: q.category, source: q.source, area: q.area }, 1);
      const res = q.res as Resolution;
      const from = q.from ?? new Date();
      const horizon = Number(q.horizon.slice(0, -1));
      const days = FIT_WEEKS * 7 + HISTORY_DAYS;
      const history = await cellHistory(deps.db.pool, filter, res, from, days);
      const forecaster = new Forecaster(history.series, history.neighbours);
      const parameters = forecaster.fit(days);
      const expected = forecaster.expected(days, horizon, parameters);
      const cells = history.series.units
        .map((cell, i) => ({ cell, expected: round(expected[i]), upper: poissonQuantile(expected[i], UPPER_QUANTILE) }))
        .sort((a, b) => b.expected - a.expected || a.cell.localeCompare(b.cell));
      return c.json({
        res,
        horizon: q.horizon,
        area: filter.area,
        from: from.toISOString(),
        to: new Date(from.getTime() + horizon * DAY_MS).toISOString(),
        method: { ...METHOD, parameters },
        total: round(expected.reduce((a, b) => a + b, 0), 2),
        cells,
      }, 200);
    })
    .get('/analytics/backtest', access(rule(...AGGREGATE_READERS)), validQuery(backtestQuery), async (c) => {
      const q = c.req.valid('query');
      const filter = caseFilter(c, { category: q.category, source: q.source, area: q.area }, 1);
      const end = q.to ?? new Date();
      const result = await backtest(deps.db.pool, filter, q.res as Resolution, end, q.weeks);
      return c.json({
        res: q.res as Resolution,
        area: filter.area,
        weeks: q.weeks,
        to: end.toISOString(),
        /** Cells of the study area: the area share of k cells is k / cells (H3 cells of one resolution are of nearly equal area). */
        cells: result.cells,
        methods: result.methods.map((m) => ({ name: m.name, hitRate: rounded(m.hitRate), pai: rounded(m.pai), pei: rounded(m.pei) })),
        periods: result.weeks.map((w) => ({ from: w.from.toISOString(), to: w.to.toISOString(), cases: w.cases, parameters: w.parameters })),
      }, 200);
    })
    .get('/alerts', access(rule(...AGGREGATE_READERS)), validQuery(alertsQuery), async (c) => {
      const q = c.req.valid('query');
      const filter = caseFilter(c, { category: q.category, source: q.source, area: q.area }, 1);
      const asOf = q.asOf ?? new Date();
      const found = await alerts(deps.db.pool, filter, q.res as Resolution, asOf, ALERT_WINDOW_DAYS);
      const shown = (e: { observed: number; expected: number; upper: number; p: number }) =>
        ({ observed: e.observed, expected: round(e.expected, 2), upper: e.upper, p: Number(e.p.toPrecision(3)) });
      return c.json({
        area: filter.area,
        res: q.res as Resolution,
        asOf: asOf.toISOString(),
        window: { from: found.window.from.toISOString(), to: found.window.to.toISOString() },
        method: { name: METHOD.name, bound: 'Poisson 99 % quantile of the forecast made from the data before the window', minCases: MIN_CASES },
        cells: found.cells.map((e) => ({ cell: e.unit, ...shown(e) })),
        grids: found.grids.map((e) => ({ code: e.unit, name: e.name, ...shown(e) })),
      }, 200);
    });
}

/** The routes of forecasts, backtests and alerts, for typed clients. */
export type ForecastRoutes = ReturnType<typeof forecastRoutes>;
