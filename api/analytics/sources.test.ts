/** The cross-source comparison against counts, populations and binomial tails computed here from the tables. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES, type Source } from '../incidents/model.ts';
import { testApp } from '../testing/app.ts';
import { lastDays } from './test-support.ts';
import { compareSources } from './sources.ts';

const t = testApp();
afterAll(() => t.db.close());

let from = '';
let to = '';
let street = '';

beforeAll(async () => {
  ({ from, to, street } = await lastDays(t.db.pool, 180));
});

/** P(X ≥ x) for X ~ Binomial(n, p), summed from the pmf in log space. */
function upperTail(x: number, n: number, p: number): number {
  const logFactorial = (k: number) => { let s = 0; for (let i = 2; i <= k; i++) s += Math.log(i); return s; };
  let sum = 0;
  for (let k = x; k <= n; k++) sum += Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
  return Math.min(1, sum);
}

/** Benjamini–Hochberg adjusted p-values, by the step-up definition. */
function bh(p: number[]): number[] {
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const q = new Array<number>(p.length);
  let min = 1;
  for (let r = order.length - 1; r >= 0; r--) {
    min = Math.min(min, (p[order[r]] * p.length) / (r + 1));
    q[order[r]] = min;
  }
  return q;
}

const sources = (query: string, as = 'analyst') => t.getJson(`/api/v1/analytics/sources?from=${from}&to=${to}&${query}`, as);

describe('GET /analytics/sources', () => {
  it('counts every grid\'s cases by source, per 1,000 residents of the grid database, and tests each grid as computed here', async () => {
    const { status, body } = await sources('area=320111');
    expect(status).toBe(200);
    const grids = (await t.db.pool.query(`SELECT code FROM grid WHERE valid_to IS NULL ORDER BY code`)).rows.map((r) => r.code);
    expect(body.grids.map((g: { code: string }) => g.code)).toEqual(grids);
    expect(body.sources).toEqual([...SOURCES]);
    expect(body.population).toEqual({ source: 'grid_database', category: 'RP01' });

    const counted = await t.db.pool.query(`SELECT grid_code, source, count(*)::int AS n FROM incident WHERE created_at >= $1 AND created_at < $2 GROUP BY 1, 2`, [from, to]);
    const residents = new Map((await t.db.pool.query(`SELECT grid_code, n::int FROM grid_category_count WHERE category_code = 'RP01'`)).rows.map((r) => [r.grid_code, r.n]));
    const want = new Map<string, Record<string, number>>(grids.map((g) => [g, Object.fromEntries(SOURCES.map((s) => [s, 0]))]));
    for (const r of counted.rows) if (want.has(r.grid_code)) want.get(r.grid_code)![r.source] = r.n;
    const citizens = (c: Record<string, number>) => c.citizen_app + c.hotline_12345;
    const all = [...want.values()];
    const share = all.reduce((s, c) => s + citizens(c), 0) / all.reduce((s, c) => s + citizens(c) + c.patrol, 0);
    const testedP: number[] = [];
    for (const g of body.grids) {
      const c = want.get(g.code)!;
      expect(g.counts).toEqual(c);
      expect(g.population).toBe(residents.get(g.code) ?? 0);
      if (g.population > 0) expect(g.perThousand.citizen_app).toBeCloseTo((c.citizen_app * 1000) / g.population, 2);
      const n = citizens(c) + c.patrol;
      if (n > 0) {
        expect(g.p).toBeCloseTo(upperTail(citizens(c), n, share), 9);
        testedP.push(g.p);
      } else expect(g.p).toBe(1);
    }
    const q = bh(testedP);
    const tested = body.grids.filter((g: { counts: Record<string, number> }) => citizens(g.counts) + g.counts.patrol > 0);
    tested.forEach((g: { q: number; blindSpot: boolean; counts: Record<string, number> }, i: number) => {
      expect(g.q).toBeCloseTo(q[i], 9);
      expect(g.blindSpot).toBe(q[i] < 0.05 && citizens(g.counts) / (citizens(g.counts) + g.counts.patrol) > share);
    });
    expect(body.test.alpha).toBe(0.05);
    expect(body.test.name).toMatch(/exact binomial/);
  });

  it('finds a constructed blind spot and nothing in grids reporting like the area', () => {
    const grids = Array.from({ length: 20 }, (_, i) => ({ code: `grid-${i}`, name: `g${i}`, residents: 1000, registered: 3000 }));
    const counts = new Map<string, Map<Source, number>>(grids.map((g, i) => [g.code, new Map<Source, number>(
      i === 0 ? [['patrol', 4], ['citizen_app', 30], ['hotline_12345', 16]] : [['patrol', 40 + (i % 3)], ['citizen_app', 25], ['hotline_12345', 15 - (i % 2)]],
    )]));
    const { population, grids: compared } = compareSources(grids, counts);
    expect(population).toBe('grid_database');
    expect(compared[0].blindSpot).toBe(true);
    expect(compared[0].citizenToPatrol).toBe(11.5);
    expect(compared[0].perThousand.patrol).toBe(4);
    expect(compared.slice(1).every((g) => !g.blindSpot)).toBe(true);
    // no residents recorded at all: the grids' registered population instead, and said so
    const register = compareSources(grids.map((g) => ({ ...g, residents: null })), counts);
    expect(register.population).toBe('grid_register');
    expect(register.grids[0].population).toBe(3000);
  });

  it('keeps a street dispatcher to its street and refuses a bad query', async () => {
    const own = await sources('', `dispatcher-${street}`);
    expect(own.status).toBe(200);
    expect(own.body.area).toBe(street);
    expect(own.body.grids.length).toBeGreaterThan(0);
    expect(own.body.grids.every((g: { code: string }) => g.code.startsWith(street))).toBe(true);
    expect((await sources('area=320111', `dispatcher-${street}`)).status).toBe(403);
    expect((await sources('area=12')).status).toBe(400);
    expect((await sources('', '')).status).toBe(401);
  });
});
