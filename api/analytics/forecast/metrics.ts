/**
 * How well a forecast points at next period's cases, the measures of predictive crime mapping:
 * - hit rate: the share of the period's cases that fall in the top x % of cells by forecast;
 * - PAI (predictive accuracy index, Chainey, Tompson & Uhlig 2008): hit rate / area share;
 * - PEI (predictive efficiency index, Hunt 2016): PAI / the best PAI any choice of the same number
 *   of cells could have reached that period (the cells with the most cases), so 1 is perfect.
 * The area is counted in cells: at one H3 resolution every cell has (nearly) the same area, so the
 * area share of k cells out of N is k / N. Ties in the forecast are broken by cell order (the
 * same for every method), so a score is reproducible.
 */

/** The area shares every score reports: 1 %, 5 % and 10 % of the study area. */
export const AREA_SHARES = { p1: 0.01, p5: 0.05, p10: 0.1 } as const;
export type Share = keyof typeof AREA_SHARES;
export type ByShare = Record<Share, number>;

export interface Score {
  hitRate: ByShare;
  pai: ByShare;
  pei: ByShare;
  /** Cases in the scored period (the hit rate's denominator). */
  cases: number;
}

/** The number of cells in the top `share` of `n` cells (at least one). */
export const cellsInShare = (n: number, share: number) => Math.max(1, Math.round(share * n));

/** Indexes of the cells by forecast, highest first, ties by index. */
export function ranking(forecast: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: forecast.length }, (_, i) => i);
  return order.sort((a, b) => forecast[b] - forecast[a] || a - b);
}

/** Cases in the first k cells of an order. */
function casesInTop(order: Int32Array, observed: ArrayLike<number>, k: number): number {
  let sum = 0;
  for (let i = 0; i < k; i++) sum += observed[order[i]];
  return sum;
}

/** Hit rate, PAI and PEI at 1, 5 and 10 % of the cells; all 0 when the period has no case. */
export function score(forecast: ArrayLike<number>, observed: ArrayLike<number>): Score {
  const n = forecast.length;
  if (observed.length !== n) throw new Error(`score: ${n} forecasts but ${observed.length} observed counts`);
  let cases = 0;
  for (let i = 0; i < n; i++) cases += observed[i];
  const byForecast = ranking(forecast);
  const best = Array.from(observed).sort((a, b) => b - a);
  const hitRate = {} as ByShare;
  const pai = {} as ByShare;
  const pei = {} as ByShare;
  for (const [name, share] of Object.entries(AREA_SHARES) as [Share, number][]) {
    const k = cellsInShare(n, share);
    const hits = casesInTop(byForecast, observed, k);
    let bestHits = 0;
    for (let i = 0; i < k; i++) bestHits += best[i];
    hitRate[name] = cases ? hits / cases : 0;
    pai[name] = cases ? hits / cases / (k / n) : 0;
    pei[name] = bestHits ? hits / bestHits : 0;
  }
  return { hitRate, pai, pei, cases };
}

/**
 * The k-th largest value (1-based), by Hoare's selection in place: a fit takes a thousand or more
 * hit rates of ~11,000 cells, and a full sort for each was most of a backtest's time.
 */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        [values[i], values[j]] = [values[j], values[i]];
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target];
  }
  return values[target];
}

/**
 * The hit rate at one share alone (what the forecast's parameters are fitted on, many times per
 * fit): the same ranking as `score`, found from the k-th largest value instead of a full sort.
 */
export function hitRateAt(forecast: ArrayLike<number>, observed: ArrayLike<number>, share: number): number {
  const n = forecast.length;
  let cases = 0;
  for (let i = 0; i < n; i++) cases += observed[i];
  if (!cases) return 0;
  const k = cellsInShare(n, share);
  const threshold = kthLargest(Float64Array.from(forecast), k);
  let hits = 0;
  let taken = 0;
  for (let i = 0; i < n; i++) if (forecast[i] > threshold) [hits, taken] = [hits + observed[i], taken + 1];
  // Cells tied at the threshold are taken in index order, as in `ranking`.
  for (let i = 0; i < n && taken < k; i++) if (forecast[i] === threshold) [hits, taken] = [hits + observed[i], taken + 1];
  return hits / cases;
}

/** The mean of several periods' scores, measure by measure. */
export function meanScore(scores: readonly Score[]): Score {
  const mean = (pick: (s: Score) => number) => (scores.length ? scores.reduce((sum, s) => sum + pick(s), 0) / scores.length : 0);
  const byShare = (measure: 'hitRate' | 'pai' | 'pei') =>
    Object.fromEntries(Object.keys(AREA_SHARES).map((k) => [k, mean((s) => s[measure][k as Share])])) as ByShare;
  return { hitRate: byShare('hitRate'), pai: byShare('pai'), pei: byShare('pei'), cases: scores.reduce((sum, s) => sum + s.cases, 0) };
}
