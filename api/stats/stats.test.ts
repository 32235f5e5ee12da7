import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';

const t = testApp();
afterAll(() => t.db.close());

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await t.db.pool.query(text, params)).rows as T[];
}

describe('GET /api/v1/stats', () => {
  it('gives the district: every record by domain and category, households, population, densities', async () => {
    const { status, body } = await t.getJson('/api/v1/stats', 'commander');
    expect(status).toBe(200);
    const [all] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM entity');
    const [grids] = await sql<{ households: number; population: number; n: number }>(
      'SELECT sum(households)::int AS households, sum(population)::int AS population, count(*)::int AS n FROM grid WHERE valid_to IS NULL',
    );
    const [district] = await sql<{ area: number }>(`SELECT area_km2 AS area FROM division WHERE level = 'district'`);
    expect(body).toMatchObject({ level: 'district', code: '320111', name: '浦口区', grids: grids.n, households: grids.households, population: grids.population });
    expect(body.entities.total).toBe(all.n);
    expect(Object.values(body.entities.byDomain).reduce((a: number, b: any) => a + b, 0)).toBe(all.n);
    expect(body.entities.byCategory).toHaveLength(167);
    expect(body.entities.byCategory[0]).toEqual({ code: expect.any(String), nameZh: expect.any(String), nameEn: expect.any(String), domain: expect.any(String), count: expect.any(Number) });
    expect(body.areaKm2).toBeCloseTo(district.area, 3);
    expect(body.density.populationPerKm2).toBeCloseTo(grids.population / district.area, 1);
    expect(body.density.entitiesPerKm2).toBeCloseTo(all.n / district.area, 1);
    expect(body.outsideGrid).toEqual({ total: 0, byCategory: [] });
  });

  it.each(['street', 'community', 'grid'] as const)('gives a %s the counts of its grids, as SQL counts them', async (level) => {
    const length = { street: 9, community: 12, grid: 15 }[level];
    const [{ code }] = await sql<{ code: string }>(`SELECT left(code, ${length}) AS code FROM grid WHERE valid_to IS NULL ORDER BY code OFFSET 40 LIMIT 1`);
    const started = performance.now();
    const { status, body } = await t.getJson(`/api/v1/stats?level=${level}&code=${code}`, 'commander');
    const elapsed = performance.now() - started;
    expect(status).toBe(200);
    const counts = await sql<{ category_code: string; n: number }>(
      `SELECT category_code, count(*)::int AS n FROM entity WHERE left(grid_code, $2) = $1 GROUP BY 1 ORDER BY 1`,
      [code, length],
    );
    expect(body.entities.byCategory.map((c: any) => [c.code, c.count])).toEqual(counts.map((c) => [c.category_code, c.n]));
    const [grids] = await sql<{ population: number; households: number }>(
      `SELECT sum(population)::int AS population, sum(households)::int AS households FROM grid WHERE valid_to IS NULL AND left(code, $2) = $1`,
      [code, length],
    );
    expect(body).toMatchObject({ level, code, population: grids.population, households: grids.households });
    expect(body.name).toEqual(expect.any(String));
    expect(body.outsideGrid).toBeUndefined();
    expect(elapsed).toBeLessThan(500);
  });

  it('answers within the signed-in user\'s jurisdiction only: 403 outside it, 401 without sign-in', async () => {
    const [{ street, grid }] = await sql<{ street: string; grid: string }>(`SELECT street_code AS street, code AS grid FROM grid WHERE valid_to IS NULL ORDER BY code LIMIT 1`);
    expect((await t.getJson(`/api/v1/stats?level=street&code=${street}`, `dispatcher-${street}`)).status).toBe(200);
    expect((await t.getJson(`/api/v1/stats?level=grid&code=${grid}`, `worker-${grid}`)).status).toBe(200);
    const district = await t.getJson('/api/v1/stats', `dispatcher-${street}`);
    expect(district.status).toBe(403);
    expect(district.body.detail).toContain('outside your jurisdiction');
    expect((await t.getJson('/api/v1/stats', 'analyst')).status).toBe(200);
    expect((await t.app.request('/api/v1/stats')).status).toBe(401);
  });

  it.each([
    ['level=city', 400, 'level must be district, street, community or grid'],
    ['level=street', 400, 'a street code is required'],
    ['level=grid&code=3201110', 400, 'a grid code has 15 digits'],
    ['level=street&code=abc', 400, 'a code is digits'],
    ['level=street&code=320111999', 404, 'no street has code 320111999'],
  ])('answers ?%s with %i', async (query, status, message) => {
    const response = await t.getJson(`/api/v1/stats?${query}`, 'commander');
    expect(response.status).toBe(status);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toContain(message);
  });
});

describe('GET /api/v1/stats/grids', () => {
  it("gives every grid of a street with its count of a category, as SQL counts the records", async () => {
    const [{ street, category }] = await sql<{ street: string; category: string }>(
      `SELECT left(grid_code, 9) AS street, category_code AS category FROM entity WHERE grid_code IS NOT NULL
       GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    const { status, body } = await t.getJson(`/api/v1/stats/grids?code=${street}&category=${category}`, `dispatcher-${street}`);
    expect(status).toBe(200);
    const expected = await sql<{ code: string; n: number }>(
      `SELECT g.code, count(e.id)::int AS n FROM grid g LEFT JOIN entity e ON e.grid_code = g.code AND e.category_code = $2
       WHERE g.valid_to IS NULL AND g.street_code = $1 GROUP BY g.code ORDER BY g.code`,
      [street, category],
    );
    expect(body.items.map((i: { code: string; count: number }) => [i.code, i.count])).toEqual(expected.map((e) => [e.code, e.n]));
    expect(expected.some((e) => e.n > 0)).toBe(true);
    // A grid's count is the one its own statistics give.
    const sample = body.items.find((i: { count: number }) => i.count > 0);
    const grid = await t.getJson(`/api/v1/stats?level=grid&code=${sample.code}`, `dispatcher-${street}`);
    expect(grid.body.entities.byCategory.find((c: { code: string }) => c.code === category).count).toBe(sample.count);
    expect(sample).toMatchObject({ households: grid.body.households, population: grid.body.population, name: grid.body.name });
  });

  it('counts every category when none is given, and refuses a malformed code or category with 400', async () => {
    const [{ grid }] = await sql<{ grid: string }>(`SELECT grid_code AS grid FROM entity WHERE grid_code IS NOT NULL LIMIT 1`);
    const all = await t.getJson(`/api/v1/stats/grids?code=${grid}`, 'commander');
    const [{ n }] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM entity WHERE grid_code = $1', [grid]);
    expect(all.body.items).toEqual([expect.objectContaining({ code: grid, count: n })]);
    for (const query of ['code=32011', 'code=320111&category=a%20b']) {
      const bad = await t.getJson(`/api/v1/stats/grids?${query}`, 'commander');
      expect(bad.status, query).toBe(400);
      expect(bad.body.status).toBe(400);
    }
  });
});
