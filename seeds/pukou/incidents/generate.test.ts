/** The demo year of cases, as loaded into the test database by the global setup. */
import { afterAll, describe, expect, it } from 'vitest';
import { LEVELS, PRIORITIES } from '../../../api/incidents/model.ts';
import { testDatabase } from '../../../api/testing/database.ts';
import { generateNetwork } from '../network.ts';
import { demoCases, readHotspots, REFERENCE_DATE } from './generate.ts';
import { incidentCategories } from './categories.ts';
import { incidentReference } from './reference.ts';

const db = testDatabase();
afterAll(() => db.close());

const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];
const DEMO = `created_at < '2026-11-01T00:00:00+08:00' AND created_at >= '2025-11-01T00:00:00+08:00'`;

describe('the demo year of Pukou cases', () => {
  it('has a year of cases closed 80 / 16 / 4 at grid / street / district level', async () => {
    const r = await one(`SELECT count(*)::int AS cases, count(closed_at)::int AS closed,
        count(*) FILTER (WHERE closed_level = 'grid')::float8 / count(closed_at) AS grid,
        count(*) FILTER (WHERE closed_level = 'street')::float8 / count(closed_at) AS street,
        count(*) FILTER (WHERE closed_level = 'district')::float8 / count(closed_at) AS district,
        count(closed_at)::float8 / count(registered_at) AS completion,
        min(created_at) AS first, max(created_at) AS last
      FROM incident WHERE ${DEMO}`);
    expect(r.cases).toBeGreaterThan(30_000);
    expect(r.grid).toBeCloseTo(0.8, 1);
    expect(r.street).toBeCloseTo(0.16, 1);
    expect(r.district).toBeGreaterThan(0.03);
    expect(r.district).toBeLessThan(0.05);
    expect(r.completion).toBeGreaterThan(0.99);
    expect(r.completion).toBeLessThan(0.999);
    expect(r.last.getTime()).toBeGreaterThan(REFERENCE_DATE.getTime() - 86_400_000);
    expect(r.first.getTime()).toBeLessThan(REFERENCE_DATE.getTime() - 364 * 86_400_000);
  });

  it('follows the week (fewest on Sunday) and the day (peaks mid-morning and mid-afternoon)', async () => {
    const { rows: days } = await db.pool.query(`SELECT extract(isodow FROM created_at AT TIME ZONE 'Asia/Shanghai')::int AS dow, count(*)::int AS n
      FROM incident WHERE ${DEMO} GROUP BY 1 ORDER BY 1`);
    const byDay = Object.fromEntries(days.map((d) => [d.dow, d.n]));
    const weekday = (byDay[1] + byDay[2] + byDay[3] + byDay[4] + byDay[5]) / 5;
    expect(byDay[7]).toBeLessThan(0.7 * weekday);
    expect(byDay[7]).toBeLessThan(byDay[6]);
    const { rows: hours } = await db.pool.query(`SELECT extract(hour FROM created_at AT TIME ZONE 'Asia/Shanghai')::int AS h, count(*)::int AS n
      FROM incident WHERE ${DEMO} GROUP BY 1`);
    const byHour = new Map(hours.map((h) => [h.h, h.n]));
    const at = (h: number) => byHour.get(h) ?? 0;
    expect(at(10)).toBeGreaterThan(3 * at(13));
    expect(at(15)).toBeGreaterThan(2 * at(12));
    expect(at(3)).toBeLessThan(at(10) / 20);
  });

  it('puts every case inside its grid', async () => {
    const r = await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT ST_Contains(g.geom, i.geom))::int AS outside
      FROM (SELECT * FROM incident WHERE ${DEMO} ORDER BY id LIMIT 3000) i JOIN grid g ON g.code = i.grid_code AND g.valid_to IS NULL`);
    expect(r.n).toBe(3000);
    expect(r.outside).toBe(0);
  });

  it('logs every case consistently: versions, sequence, last status and level', async () => {
    const r = await one(`SELECT count(*)::int AS bad FROM incident i JOIN LATERAL (
        SELECT count(*) AS n, min(seq) AS lo, max(seq) AS hi,
               (array_agg(to_status ORDER BY seq DESC))[1] AS status, (array_agg(to_level ORDER BY seq DESC))[1] AS level,
               (array_agg(action ORDER BY seq))[1] AS first
        FROM incident_event e WHERE e.incident_id = i.id) e ON true
      WHERE ${DEMO.replaceAll('created_at', 'i.created_at')}
        AND (e.n <> i.version OR e.lo <> 1 OR e.hi <> i.version OR e.status <> i.status OR e.level <> i.level OR e.first <> 'report')`);
    expect(r.bad).toBe(0);
    const events = await one(`SELECT count(*)::int AS n FROM incident_event e JOIN incident i ON i.id = e.incident_id WHERE ${DEMO.replaceAll('created_at', 'i.created_at')}`);
    expect(events.n).toBeGreaterThan(150_000);
  });

  it('plants the hotspots of hotspots.truth.json where and when it says', async () => {
    for (const h of readHotspots()) {
      const count = (from: string, to: string) => one(
        `SELECT count(*)::int AS n FROM incident WHERE category_code = $1
           AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, $4)
           AND created_at >= ($5::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
           AND created_at < ($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
        [h.categoryCode, h.center[0], h.center[1], h.radiusM, from, to],
      );
      const during = (await count(h.from, h.to)).n;
      const days = (Date.parse(h.to) - Date.parse(h.from)) / 86_400_000 + 1;
      const before = (await count(new Date(Date.parse(h.from) - days * 86_400_000).toISOString().slice(0, 10),
        new Date(Date.parse(h.from) - 86_400_000).toISOString().slice(0, 10))).n;
      expect(during, h.id).toBeGreaterThan(0.6 * h.extraCasesPerDay * days);
      expect(before, h.id).toBeLessThan(during / 5);
    }
  });
});

describe('the generator', () => {
  it('is deterministic for a seed', () => {
    const network = generateNetwork(7);
    const ref = incidentReference(new Map([['urban_management', '城管'], ['water', '水务']]));
    const run = () => [...demoCases(network, ref, { seed: 7, total: 300, days: 10 })];
    const a = run();
    const b = run();
    expect(a.length).toBeGreaterThan(100);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('has a time limit for every category, level and priority', () => {
    const ref = incidentReference(new Map());
    const categories = incidentCategories();
    expect(categories).toHaveLength(250);
    for (const c of categories) {
      for (const level of LEVELS) for (const priority of PRIORITIES) expect(() => ref.limits.resolve(c.code, level, priority)).not.toThrow();
    }
    expect(ref.limits.resolve('10001', 'grid', 'normal')).toMatchObject({ unit: 'calendar_hours', amount: 2 });
    expect(ref.limits.resolve('10002', 'grid', 'normal')).toMatchObject({ unit: 'working_hours', amount: 4 });
  });
});
