/** The charts' series against counts by Beijing-time weeks and days computed in SQL (date_trunc), per filter and jurisdiction. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { lastDays } from './test-support.ts';
import { stepStart } from './series.ts';

const t = testApp();
afterAll(() => t.db.close());

let from = '';
let to = '';
let street = '';

beforeAll(async () => {
  ({ from, to, street } = await lastDays(t.db.pool, 120));
});

/** Counts per key and local step start (ISO), by PostgreSQL's own calendar arithmetic. */
async function expected(step: 'week' | 'day', key: string, where: string, params: unknown[] = []): Promise<Map<string, Map<string, number>>> {
  const { rows } = await t.db.pool.query<{ key: string; start: Date; n: number }>(
    `SELECT ${key} AS key, (date_trunc('${step}', created_at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai') AS start, count(*)::int AS n
       FROM incident i WHERE created_at >= $1 AND created_at < $2 AND grid_code IS NOT NULL AND ${where} GROUP BY 1, 2`,
    [from, to, ...params],
  );
  const counts = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (!counts.has(r.key)) counts.set(r.key, new Map());
    counts.get(r.key)!.set(r.start.toISOString(), r.n);
  }
  return counts;
}

interface SeriesBody { starts: string[]; series: { key: string; name: string; counts: number[] }[] }

/** The answer in the same shape, steps without cases left out. */
function asMap(body: SeriesBody): Map<string, Map<string, number>> {
  return new Map(body.series.filter((s) => s.counts.some((n) => n > 0)).map((s) => [
    s.key,
    new Map(s.counts.flatMap((n, i) => (n > 0 ? [[body.starts[i], n] as [string, number]] : []))),
  ]));
}

const series = (query: string, as = 'analyst') => t.getJson(`/api/v1/analytics/series?from=${from}&to=${to}&${query}`, as);

describe('GET /analytics/series', () => {
  it('counts the district\'s cases per Beijing-time week by major class, named from the category table', async () => {
    const { status, body } = await series('step=week&by=category');
    expect(status).toBe(200);
    expect(asMap(body)).toEqual(await expected('week', 'substr(category_code, 1, 2)', 'true'));
    const { rows: majors } = await t.db.pool.query(`SELECT DISTINCT major_code, major_name FROM incident_category`);
    const names = new Map(majors.map((m) => [m.major_code, m.major_name]));
    for (const s of body.series) expect(s.name).toBe(names.get(s.key));
    // Consecutive Mondays 00:00 in Beijing, the first one holding `from`.
    expect(new Date(body.starts[0]).getTime()).toBeLessThanOrEqual(new Date(from).getTime());
    expect(new Date(body.starts[0]).getTime() + 7 * 86_400_000).toBeGreaterThan(new Date(from).getTime());
    for (const start of body.starts) expect(new Date(new Date(start).getTime() + 8 * 3_600_000).getUTCDay()).toBe(1);
    const total = body.series.reduce((sum: number, s: SeriesBody['series'][number]) => sum + s.counts.reduce((a, b) => a + b, 0), 0);
    expect(total).toBeGreaterThan(1000);
  });

  it('counts per day by source, filtered by category and source, every asked source listed', async () => {
    const { body } = await series('step=day&by=source&category=06,09006&source=citizen_app,hotline_12345,petition');
    expect(asMap(body)).toEqual(await expected('day', 'source', `(substr(category_code, 1, 2) = '06' OR category_code = '09006') AND source IN ('citizen_app', 'hotline_12345', 'petition')`));
    expect(body.series.map((s: { key: string }) => s.key).sort()).toEqual(['citizen_app', 'hotline_12345', 'petition']);
    expect(body.starts).toHaveLength(new Set(body.starts).size);
    expect(new Date(body.starts[1]).getTime() - new Date(body.starts[0]).getTime()).toBe(86_400_000);
  });

  it('keeps a street dispatcher to its street, and a department to the cases dispatched to it', async () => {
    const own = await series('by=source', `dispatcher-${street}`);
    expect(own.body.area).toBe(street);
    expect(asMap(own.body)).toEqual(await expected('week', 'source', 'street_code = $3', [street]));
    expect((await series('area=320111', `dispatcher-${street}`)).status).toBe(403);
    const department = await series('by=category', 'dept-urban_management');
    expect(asMap(department.body)).toEqual(await expected('week', 'substr(category_code, 1, 2)',
      `EXISTS (SELECT 1 FROM incident_department d WHERE d.incident_id = i.id AND d.department_code = 'urban_management')`));
  });

  it('is refused to nobody and says what is wrong with a bad query', async () => {
    expect((await series('', '')).status).toBe(401);
    for (const bad of ['step=month', 'by=grid', 'source=fax']) {
      const answer = await series(bad);
      expect(answer.status).toBe(400);
      expect(answer.body.status).toBe(400);
      expect(answer.body.detail).toMatch(new RegExp(bad.split('=')[0]));
    }
    const tooLong = await t.getJson(`/api/v1/analytics/series?step=day&from=2020-01-01&to=${to}`, 'analyst');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.detail).toMatch(/at most 400 days/);
  });
});

describe('stepStart', () => {
  it('is the Beijing-time midnight of the day, or of the Monday of the week', () => {
    // Sunday 2026-11-29 23:30 in Beijing is 15:30 UTC.
    const sunday = new Date('2026-11-29T15:30:00Z');
    expect(stepStart(sunday, 'day').toISOString()).toBe('2026-11-28T16:00:00.000Z');
    expect(stepStart(sunday, 'week').toISOString()).toBe('2026-11-22T16:00:00.000Z');
    // Monday 00:30 in Beijing is Sunday 16:30 UTC: a new week.
    expect(stepStart(new Date('2026-11-29T16:30:00Z'), 'week').toISOString()).toBe('2026-11-29T16:00:00.000Z');
  });
});
