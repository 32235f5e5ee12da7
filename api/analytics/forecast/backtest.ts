/**
 * The backtest: on each of the last `weeks` weeks before `end`, the forecast made from the data
 * before that week (its parameters fitted on the weeks before it too) and the two naive
 * baselines — last period (last week's counts) and long-run average (each cell's mean over all
 * history) — are scored against the week's cases; the scores are averaged over the weeks.
 */
import type { Queryable } from '../../db/database.ts';
import type { Resolution } from '../cells.ts';
import type { CaseFilter } from '../filters.ts';
import { cellHistory } from './history.ts';
import { FIT_WEEKS, Forecaster, METHOD, type Parameters } from './method.ts';
import { meanScore, score, type Score } from './metrics.ts';

/** History a forecast reads for the long-run rate: a year. */
export const HISTORY_DAYS = 364;
/** Weeks that start with less history than this are not scored (no forecast could be made). */
const MIN_HISTORY_DAYS = 28;
const WEEK = 7;

export const BASELINES = ['last_period', 'long_run_average'] as const;

export interface WeekScored {
  from: Date;
  to: Date;
  cases: number;
  parameters: Parameters;
  scores: Record<string, Score>;
}

export async function backtest(db: Queryable, f: CaseFilter, res: Resolution, end: Date, weeks: number) {
  const days = (weeks + FIT_WEEKS) * WEEK + HISTORY_DAYS;
  const history = await cellHistory(db, f, res, end, days);
  const forecaster = new Forecaster(history.series, history.neighbours);
  const scored: WeekScored[] = [];
  for (let k = weeks; k >= 1; k--) {
    const t = days - k * WEEK;
    if (t - history.series.firstDay < MIN_HISTORY_DAYS) continue;
    const observed = forecaster.observed(t, WEEK);
    const parameters = forecaster.fit(t);
    scored.push({
      from: history.dayStart(t),
      to: history.dayStart(t + WEEK),
      cases: observed.reduce((a, b) => a + b, 0),
      parameters,
      scores: {
        [METHOD.name]: score(forecaster.expected(t, WEEK, parameters), observed),
        last_period: score(forecaster.lastPeriod(t, WEEK), observed),
        long_run_average: score(forecaster.longRunAverage(t, WEEK), observed),
      },
    });
  }
  const methods = [METHOD.name, ...BASELINES].map((name) => ({ name, ...meanScore(scored.map((w) => w.scores[name])) }));
  return { cells: history.series.units.length, weeks: scored, methods };
}
