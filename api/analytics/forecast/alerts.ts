/**
 * Early warning: the cells and grids whose cases in the recent window (default the last 7 days)
 * exceed what the forecast made from the data before the window expected. The bound is the
 * Poisson 99 % quantile of the expected count; p = P(X ≥ observed | expected). A bound on a
 * single cell is crossed by chance in about 1 % of cells each week, so alerts also need at least
 * MIN_CASES cases: one or two cases where none are usual is noise on a desk, not a warning.
 */
import type { Queryable } from '../../db/database.ts';
import type { Resolution } from '../cells.ts';
import { DAY_MS, type CaseFilter } from '../filters.ts';
import { HISTORY_DAYS } from './backtest.ts';
import { cellHistory, gridHistory, type History } from './history.ts';
import { FIT_WEEKS, Forecaster } from './method.ts';
import { poissonQuantile, poissonTail } from './poisson.ts';

export const UPPER_QUANTILE = 0.99;
export const MIN_CASES = 3;

export interface Exceedance {
  unit: string;
  observed: number;
  expected: number;
  upper: number;
  p: number;
}

/** The units of a history whose last `windowDays` days exceed their forecast's upper bound, worst (lowest p) first. */
function exceedances(history: History, windowDays: number): Exceedance[] {
  const forecaster = new Forecaster(history.series, history.neighbours);
  const t = history.series.days - windowDays;
  const expected = forecaster.expected(t, windowDays, forecaster.fit(t));
  const observed = forecaster.observed(t, windowDays);
  const found: Exceedance[] = [];
  history.series.units.forEach((unit, i) => {
    if (observed[i] < MIN_CASES) return;
    const upper = poissonQuantile(expected[i], UPPER_QUANTILE);
    if (observed[i] > upper) found.push({ unit, observed: observed[i], expected: expected[i], upper, p: poissonTail(observed[i], expected[i]) });
  });
  return found.sort((a, b) => a.p - b.p || b.observed - a.observed || a.unit.localeCompare(b.unit));
}

export async function alerts(db: Queryable, f: CaseFilter, res: Resolution, asOf: Date, windowDays: number) {
  const days = windowDays + FIT_WEEKS * 7 + HISTORY_DAYS;
  // One after the other: `db` may be a single client (a transaction), which runs one query at a time.
  const cells = await cellHistory(db, f, res, asOf, days);
  const grids = await gridHistory(db, f, asOf, days);
  return {
    window: { from: new Date(asOf.getTime() - windowDays * DAY_MS), to: asOf },
    cells: exceedances(cells, windowDays),
    grids: exceedances(grids, windowDays).map((e) => ({ ...e, name: grids.names.get(e.unit) ?? null })),
  };
}
