/**
 * The forecast and its backtest on the demo data: expected counts that are non-negative and sum to
 * about the recent weekly rate, the planted hotspots ranked high while they last, and a method
 * that beats both naive baselines' PAI at 5 % of the area (the acceptance point of issue #12).
 */
import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../testing/app.ts';
import { DAY_MS } from '../filters.ts';
import { demoEnd, plantedHotspots, type PlantedHotspot } from '../test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let end: Date;
let hotspots: PlantedHotspot[];
let street = '';
beforeAll(async () => {
  end = await demoEnd(t.db.pool);
  hotspots = await plantedHotspots(t.db.pool);
  street = (await t.db.pool.query(`SELECT code FROM division WHERE level = 'street' ORDER BY code LIMIT 1`)).rows[0].code;
});

const casesBetween = async (from: Date, to: Date, where = 'true', params: unknown[] = []) =>
  Number((await t.db.pool.query(`SELECT count(*) AS n FROM incident WHERE created_at >= $1 AND created_at < $2 AND ${where}`, [from, to, ...params])).rows[0].n);

describe('GET /analytics/forecast', () => {
  it('expects a non-negative count for every cell of the area, summing to about the recent weekly rate', async () => {
    const { status, body } = await t.getJson(`/api/v1/analytics/forecast?res=9&horizon=7d&from=${end.toISOString()}`, 'analyst');
    expect(status).toBe(200);
    expect(body).toMatchObject({ res: 9, horizon: '7d', area: '320111', from: end.toISOString(), to: new Date(end.getTime() + 7 * DAY_MS).toISOString() });
    expect(body.method.name).toBe('prospective_hotspotting');
    expect(body.method.description).toMatch(/Bowers, Johnson & Pease 2004/);
    expect(body.cells.length).toBeGreaterThan(5000);
    expect(new Set(body.cells.map((c: any) => c.cell)).size).toBe(body.cells.length);
    for (const c of body.cells) {
      expect(c.expected).toBeGreaterThanOrEqual(0);
      expect(c.upper).toBeGreaterThanOrEqual(Math.floor(c.expected));
    }
    const total = body.cells.reduce((sum: number, c: any) => sum + c.expected, 0);
    const weekly = (await casesBetween(new Date(end.getTime() - 28 * DAY_MS), end)) / 4;
    expect(total).toBeGreaterThan(0.75 * weekly);
    expect(total).toBeLessThan(1.25 * weekly);
    // Two weeks ahead: twice the week's total.
    const fortnight = await t.getJson(`/api/v1/analytics/forecast?res=9&horizon=14d&from=${end.toISOString()}`, 'analyst');
    expect(fortnight.body.total).toBeCloseTo(2 * body.total, 0);
  });

  it('ranks each planted hotspot\'s cell among the top cells three weeks into its window, and not before it', async () => {
    for (const h of hotspots) {
      const rank = async (at: Date) => {
        const { body } = await t.getJson(`/api/v1/analytics/forecast?res=9&from=${at.toISOString()}`, 'analyst');
        const cell = latLngToCell(h.center[1], h.center[0], 9);
        return { rank: body.cells.findIndex((c: any) => c.cell === cell), cells: body.cells.length };
      };
      const during = await rank(new Date(h.start.getTime() + 21 * DAY_MS));
      expect(during.rank, h.id).toBeGreaterThanOrEqual(0);
      expect(during.rank / during.cells, h.id).toBeLessThan(0.02);
      const before = await rank(h.start);
      expect(before.rank, h.id).toBeGreaterThan(during.rank);
    }
  });

  it('forecasts a street dispatcher\'s street and only its cases of the category asked for', async () => {
    const own = await t.getJson(`/api/v1/analytics/forecast?category=06&from=${end.toISOString()}`, `dispatcher-${street}`);
    expect(own.status).toBe(200);
    expect(own.body.area).toBe(street);
    const weekly = (await casesBetween(new Date(end.getTime() - 28 * DAY_MS), end, `street_code = $3 AND category_code LIKE '06%'`, [street])) / 4;
    expect(own.body.total).toBeGreaterThan(0.6 * weekly);
    expect(own.body.total).toBeLessThan(1.4 * weekly);
    expect((await t.getJson('/api/v1/analytics/forecast?area=320111', `dispatcher-${street}`)).status).toBe(403);
  });

  it('says what is wrong with a bad query', async () => {
    for (const query of ['horizon=0d', 'horizon=7', 'horizon=30d', 'res=6', 'from=yesterday']) {
      const bad = await t.getJson(`/api/v1/analytics/forecast?${query}`, 'analyst');
      expect(bad.status, query).toBe(400);
      expect(bad.body.detail, query).toMatch(new RegExp(query.split('=')[0]));
    }
    expect((await t.getJson('/api/v1/analytics/forecast')).status).toBe(401);
  });
});

describe('GET /analytics/backtest', () => {
  it('scores the method and both baselines on rolling weeks; the method beats both at 5 % of the area', async () => {
    const { status, body } = await t.getJson(`/api/v1/analytics/backtest?res=9&weeks=12&to=${end.toISOString()}`, 'analyst');
    expect(status).toBe(200);
    expect(body).toMatchObject({ res: 9, area: '320111', weeks: 12, to: end.toISOString() });
    expect(body.methods.map((m: any) => m.name)).toEqual(['prospective_hotspotting', 'last_period', 'long_run_average']);
    expect(body.periods).toHaveLength(12);
    expect(body.periods[11].to).toBe(end.toISOString());
    const weekCases = await casesBetween(new Date(body.periods[0].from), new Date(body.periods[0].to));
    expect(body.periods[0].cases).toBe(weekCases);
    for (const m of body.methods) {
      for (const share of ['p1', 'p5', 'p10']) {
        expect(m.hitRate[share]).toBeGreaterThan(0);
        expect(m.hitRate[share]).toBeLessThanOrEqual(1);
        expect(m.pei[share]).toBeLessThanOrEqual(1);
        expect(m.pai[share]).toBeCloseTo(m.hitRate[share] / { p1: 0.01, p5: 0.05, p10: 0.1 }[share]!, 1);
      }
    }
    const [method, lastPeriod, longRun] = body.methods;
    expect(method.pai.p5).toBeGreaterThan(lastPeriod.pai.p5);
    expect(method.pai.p5).toBeGreaterThan(longRun.pai.p5);
    console.log('backtest, 12 weeks to', end.toISOString(), JSON.stringify(body.methods));
  });

  it('is refused outside the jurisdiction and says what is wrong with a bad query', async () => {
    expect((await t.getJson('/api/v1/analytics/backtest?area=320111', `dispatcher-${street}`)).status).toBe(403);
    for (const query of ['weeks=0', 'weeks=27', 'weeks=two', 'res=11']) {
      const bad = await t.getJson(`/api/v1/analytics/backtest?${query}`, 'analyst');
      expect(bad.status, query).toBe(400);
      expect(bad.body.detail, query).toMatch(new RegExp(query.split('=')[0]));
    }
  });
});
