/**
 * The forecast: expected cases per cell (or grid) over the next days, by prospective hotspotting
 * blended with the long-run rate. Prospective hotspotting (Bowers, Johnson & Pease 2004; Johnson
 * et al. 2007) reads near-repeat victimisation as a short-lived raised risk around recent events:
 * each past case raises the expected rate of its cell and, less, of the cells around it, by a
 * weight that decays exponentially with its age (time scale τ). Problems of city management
 * (stalls, barbecues, dumping, dust) repeat in place for weeks, so the same reading applies. On its
 * own a recency surface is noisy where cases are few, so it is blended with each cell's long-run
 * daily rate (all history before the forecast, up to a year, from the first day on record):
 * rate = α·recent + (1 − α)·long-run, then spread over the H3 ring-1 neighbours
 * (weight β for each neighbour against 1 for the cell, mass kept; Johnson et al. use a distance
 * kernel, the ring is its discrete form on equal-area cells). expected = horizon days × rate.
 * The three parameters (τ in 7–112 days, α in 0–1, β in 0–1; CANDIDATES) are chosen on past data
 * only: the combination with the best mean hit rate at 5 % of the area over the eight weeks before
 * the forecast, each of those weeks forecast from the data before it; the week being forecast is
 * never seen.
 */

import { hitRateAt } from './metrics.ts';

export interface DailyCounts {
  /** The units forecast: H3 cells or grid codes. */
  units: readonly string[];
  /** Days in the series; day `days − 1` ends at the series' end. */
  days: number;
  /** Cases per unit and day (undefined: none at all). */
  counts: readonly (Float64Array | undefined)[];
  /** The first day with a case: the history before it is unknown, not zero. */
  firstDay: number;
}

export interface Parameters {
  /** Time scale of the recency weight, in days. */
  tau: number;
  /** Weight of the recent rate against the long-run one. */
  alpha: number;
  /** Weight of a case for each ring-1 neighbour of its cell (the cell itself: 1). */
  beta: number;
}

export const METHOD = {
  name: 'prospective_hotspotting',
  description:
    'Prospective hotspotting (Bowers, Johnson & Pease 2004) blended with the long-run rate: each cell\'s expected rate is ' +
    'α × its recency-weighted daily rate (each past case weighted by exp(−age/τ)) + (1 − α) × its long-run daily rate, ' +
    'spread over its H3 ring-1 neighbours (weight β each, the cell 1, mass kept), times the horizon in days. τ, α and β ' +
    'are chosen on the eight weeks before the forecast (each forecast from the data before it) by the hit rate at 5 % of ' +
    'the area; the forecast period is never used. upper: the 99 % Poisson quantile of expected.',
} as const;

const TAUS = [7, 14, 28, 56, 112];
const ALPHAS = [0, 0.25, 0.5, 0.75, 1];
const BETAS = [0, 0.2, 0.5, 1];
// With α = 0 the recency weight plays no part: one τ of it is enough.
export const CANDIDATES: Parameters[] = TAUS.flatMap((tau) => ALPHAS.filter((alpha) => alpha > 0 || tau === TAUS[0]).flatMap((alpha) => BETAS.map((beta) => ({ tau, alpha, beta }))));
/** Used when there is too little history to fit on. */
export const DEFAULT_PARAMETERS: Parameters = { tau: 14, alpha: 0.5, beta: 0.15 };

/** Weeks before a forecast its parameters are fitted on; the history each of them needs at least. */
export const FIT_WEEKS = 8;
const MIN_HISTORY_DAYS = 28;
const FIT_SHARE = 0.05;

interface Components {
  /** Recency-weighted daily rate per unit, per τ of TAUS. */
  recent: Map<number, Float64Array>;
  longRun: Float64Array;
}

/** Forecasts over one series of daily counts; what it computes for a day is kept for the next call. */
export class Forecaster {
  private readonly cache = new Map<number, Components>();
  private readonly hitRates = new Map<number, Float64Array>();

  /** Each unit's days with cases, ascending: most cells have a handful of cases a year. */
  private readonly caseDays: Int32Array[];
  /** Per unit, the running total of its cases over caseDays (entry k: the cases of its first k days). */
  private readonly runningCases: Float64Array[];
  /**
   * Per τ and unit, the running total of n·exp(−(D − d)/τ) over its case days d (n cases each,
   * D = series.days). The recency sum before any day t is then one difference:
   * Σ_{d<t} n·exp(−(t − d − ½)/τ) = exp((D − t + ½)/τ) · Σ_{d<t} n·exp(−(D − d)/τ),
   * where summing case by case for each day fitted took most of a forecast's time.
   */
  private readonly runningWeights = new Map<number, Float64Array[]>();

  /** `neighbours[i]`: the indexes of unit i's ring-1 neighbours, itself included (or just itself). */
  constructor(readonly series: DailyCounts, readonly neighbours: readonly Int32Array[]) {
    this.caseDays = series.counts.map((c) => {
      const days: number[] = [];
      if (c) for (let d = 0; d < c.length; d++) if (c[d] !== 0) days.push(d);
      return Int32Array.from(days);
    });
    const running = (weight: (day: number) => number) => this.caseDays.map((days, i) => {
      const counts = series.counts[i]!;
      const sums = new Float64Array(days.length + 1);
      for (let k = 0; k < days.length; k++) sums[k + 1] = sums[k] + counts[days[k]] * weight(days[k]);
      return sums;
    });
    this.runningCases = running(() => 1);
    for (const tau of TAUS) this.runningWeights.set(tau, running((d) => Math.exp(-(series.days - d) / tau)));
  }

  /** Cases per unit in days [from, from + days). */
  observed(from: number, days: number): Float64Array {
    const out = new Float64Array(this.series.units.length);
    this.series.counts.forEach((c, i) => {
      if (!c) return;
      for (let d = Math.max(0, from); d < Math.min(this.series.days, from + days); d++) out[i] += c[d];
    });
    return out;
  }

  /** The rates known before day t (days [firstDay, t)). */
  private components(t: number): Components {
    let found = this.cache.get(t);
    if (found) return found;
    const { firstDay, units } = this.series;
    const span = Math.max(0, t - firstDay);
    const recent = new Map<number, Float64Array>();
    const longRun = new Float64Array(units.length);
    // Each unit's case days in [firstDay, t): entries [lo, hi) of its running totals.
    const lo = this.caseDays.map((days) => countBelow(days, firstDay));
    const hi = this.caseDays.map((days) => countBelow(days, t));
    for (const tau of TAUS) {
      // Σ exp(−(t − d − ½)/τ) over the days on record: the weights' total, a geometric series.
      const q = Math.exp(-1 / tau);
      const total = span ? (Math.exp(-0.5 / tau) * (1 - q ** span)) / (1 - q) : 0;
      const scale = Math.exp((this.series.days - t + 0.5) / tau);
      const sums = this.runningWeights.get(tau)!;
      recent.set(tau, Float64Array.from(sums, (w, i) => (total ? ((w[hi[i]] - w[lo[i]]) * scale) / total : 0)));
    }
    if (span) this.runningCases.forEach((n, i) => (longRun[i] = (n[hi[i]] - n[lo[i]]) / span));
    found = { recent, longRun };
    this.cache.set(t, found);
    return found;
  }

  /** Expected cases per unit in days [t, t + horizon), from the cases before day t. */
  expected(t: number, horizon: number, p: Parameters): Float64Array {
    const { recent, longRun } = this.components(t);
    const fresh = recent.get(p.tau);
    if (!fresh) throw new Error(`no recency weight with τ = ${p.tau}`);
    const out = new Float64Array(longRun.length);
    for (let j = 0; j < out.length; j++) {
      const rate = p.alpha * fresh[j] + (1 - p.alpha) * longRun[j];
      if (!rate) continue;
      const around = this.neighbours[j];
      const share = (horizon * rate) / (1 + p.beta * (around.length - 1));
      for (const i of around) out[i] += (i === j ? 1 : p.beta) * share;
    }
    return out;
  }

  /** The parameters with the best mean hit rate at 5 % over the FIT_WEEKS weeks before day t. */
  fit(t: number): Parameters {
    const weeks = Array.from({ length: FIT_WEEKS }, (_, k) => t - 7 * (k + 1)).filter((s) => s - this.series.firstDay >= MIN_HISTORY_DAYS);
    if (!weeks.length) return DEFAULT_PARAMETERS;
    const scores = weeks.map((s) => this.candidateScores(s));
    let best = 0;
    let bestScore = -1;
    CANDIDATES.forEach((_, c) => {
      const sum = scores.reduce((total, week) => total + week[c], 0);
      if (sum > bestScore + 1e-12) [best, bestScore] = [c, sum];
    });
    return CANDIDATES[best];
  }

  /** Each candidate's hit rate on the week starting at day s (kept: consecutive fits share weeks). */
  private candidateScores(s: number): Float64Array {
    let found = this.hitRates.get(s);
    if (!found) {
      const observed = this.observed(s, 7);
      found = Float64Array.from(CANDIDATES, (p) => hitRateAt(this.expected(s, 7, p), observed, FIT_SHARE));
      this.hitRates.set(s, found);
    }
    return found;
  }

  /** Baseline: the cases of the last `horizon` days, as the next period's expectation. */
  lastPeriod(t: number, horizon: number): Float64Array {
    return this.observed(t - horizon, horizon);
  }

  /** Baseline: each unit's mean daily count over all history before day t, times the horizon. */
  longRunAverage(t: number, horizon: number): Float64Array {
    return this.components(t).longRun.map((rate) => rate * horizon);
  }
}

/** How many of the ascending `days` are before `day` (binary search). */
function countBelow(days: Int32Array, day: number): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (days[mid] < day) low = mid + 1;
    else high = mid;
  }
  return low;
}
