/** The forecast on small made-up series: mass kept by the spreading, and nothing read from the period forecast. */
import { gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { diskNeighbours } from '../coverage.ts';
import { CANDIDATES, Forecaster, type DailyCounts } from './method.ts';

const DAYS = 120;
// A patch of 19 cells (two rings around one), the centre busier and a burst in one cell lately.
const cells = gridDisk(latLngToCell(32.05, 118.62, 9), 2).sort();
const hot = cells.indexOf(gridDisk(latLngToCell(32.05, 118.62, 9), 1).sort()[0]);

function series(extra: (cell: number, day: number) => number = () => 0): DailyCounts {
  const counts = cells.map((_, i) => Float64Array.from({ length: DAYS }, (_, d) => ((i * 7 + d * 3) % 11 === 0 ? 1 : 0) + (i === hot && d >= DAYS - 30 ? (d % 2) + 1 : 0) + extra(i, d)));
  return { units: cells, days: DAYS, counts, firstDay: 0 };
}

describe('the forecast method', () => {
  it('keeps every case\'s weight when spreading it over the neighbours', () => {
    const forecaster = new Forecaster(series(), diskNeighbours(cells, 1));
    for (const p of CANDIDATES) {
      const spread = forecaster.expected(DAYS - 7, 7, p).reduce((a, b) => a + b, 0);
      const kept = forecaster.expected(DAYS - 7, 7, { ...p, beta: 0 }).reduce((a, b) => a + b, 0);
      expect(spread).toBeCloseTo(kept, 9);
      expect(spread).toBeGreaterThan(0);
    }
  });

  it('gives as the recent rate each cell\'s cases weighted by exp(−age/τ) over the days on record before t', () => {
    const s = { ...series(), firstDay: 10 };
    const forecaster = new Forecaster(s, diskNeighbours(cells, 1));
    for (const [t, tau] of [[DAYS - 7, 7], [60, 28], [11, 112]]) {
      const expected = forecaster.expected(t, 7, { tau, alpha: 1, beta: 0 });
      let total = 0;
      for (let d = s.firstDay; d < t; d++) total += Math.exp(-(t - d - 0.5) / tau);
      s.counts.forEach((c, i) => {
        let weighted = 0;
        for (let d = s.firstDay; d < t; d++) weighted += c![d] * Math.exp(-(t - d - 0.5) / tau);
        expect(expected[i]).toBeCloseTo((7 * weighted) / total, 12);
      });
    }
  });

  it('puts the cell of a recent burst first when the recent rate counts', () => {
    const expected = new Forecaster(series(), diskNeighbours(cells, 1)).expected(DAYS - 7, 7, { tau: 7, alpha: 1, beta: 0.2 });
    expect(Math.max(...expected)).toBe(expected[hot]);
    expect(expected.every((x) => x >= 0)).toBe(true);
  });

  it('fits its parameters and forecasts without reading the days forecast', () => {
    const t = DAYS - 14;
    const plain = new Forecaster(series(), diskNeighbours(cells, 1));
    // Anything may happen from day t on: the fit and the forecast for t stay the same.
    const changed = new Forecaster(series((i, d) => (d >= t ? (i * 5) % 4 : 0)), diskNeighbours(cells, 1));
    expect(changed.fit(t)).toEqual(plain.fit(t));
    expect(changed.expected(t, 7, plain.fit(t))).toEqual(plain.expected(t, 7, plain.fit(t)));
    expect(changed.observed(t, 7)).not.toEqual(plain.observed(t, 7));
  });

  it('gives the baselines: last period\'s counts and the long-run daily mean times the horizon', () => {
    const s = series();
    const forecaster = new Forecaster(s, diskNeighbours(cells, 1));
    const t = DAYS - 7;
    expect(forecaster.lastPeriod(t, 7)).toEqual(forecaster.observed(t - 7, 7));
    const mean = s.counts[hot]!.slice(0, t).reduce((a, b) => a + b, 0) / t;
    expect(forecaster.longRunAverage(t, 14)[hot]).toBeCloseTo(14 * mean, 12);
  });
});
