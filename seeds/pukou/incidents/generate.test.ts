/** The demo year of cases, as loaded into the test database by the global setup. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEVELS, PRIORITIES } from '../../../api/incidents/model.ts';
import { testDatabase } from '../../../api/testing/database.ts';
import { generateNetwork } from '../network.ts';
import { demoCases } from './generate.ts';
import { daysAfterReference, demoClock, demoHotspots, shiftedHotspots, type DemoClock } from './demo-clock.ts';
import { shanghaiDate, shanghaiTime } from '../../../api/calendar/working-calendar.ts';
import { countHotspot } from './hotspot-check.ts';
import { incidentCategories } from './categories.ts';
import { incidentReference } from './reference.ts';

const db = testDatabase();
afterAll(() => db.close());
let clock: DemoClock;
beforeAll(async () => {
  clock = (await demoClock(db.pool))!;
});

const one = async (sql: string, params: unknown[] = []) => (await db.pool.query(sql, params)).rows[0];
/** The demo's cases: the load's ids (the tests running beside this one add their own). */
const demo = (alias = 'incident') => `${alias}.id BETWEEN (SELECT first_case_id FROM demo_clock) AND (SELECT last_case_id FROM demo_clock)`;
const DEMO = demo();

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
    // The year up to the hour the demo was loaded.
    expect(clock.end.getTime()).toBeLessThanOrEqual(Date.now());
    expect(clock.end.getTime()).toBeGreaterThan(Date.now() - 86_400_000);
    expect(r.last.getTime()).toBeLessThan(clock.end.getTime());
    expect(r.last.getTime()).toBeGreaterThan(clock.end.getTime() - 86_400_000);
    // Whole local days: the first is the one 364 days before the load day (quiet at night, so a
    // load in the small hours may have its first case a little after the same hour).
    expect(r.first.getTime()).toBeLessThan(clock.end.getTime() - 363 * 86_400_000);
    expect(r.first.getTime()).toBeGreaterThanOrEqual(clock.end.getTime() - 365 * 86_400_000);
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
      WHERE ${demo('i')}
        AND (e.n <> i.version OR e.lo <> 1 OR e.hi <> i.version OR e.status <> i.status OR e.level <> i.level OR e.first <> 'report')`);
    expect(r.bad).toBe(0);
    const events = await one(`SELECT count(*)::int AS n FROM incident_event e JOIN incident i ON i.id = e.incident_id WHERE ${demo('i')}`);
    expect(events.n).toBeGreaterThan(150_000);
  });

  it('plants the hotspots of hotspots.truth.json where and when it says, moved with the demo\'s end', async () => {
    for (const h of await demoHotspots(db.pool)) {
      const { during, before, promised } = await countHotspot(db.pool, h);
      expect(during, h.id).toBeGreaterThan(promised);
      expect(before, h.id).toBeLessThan(during / 5);
    }
  });
});

describe('the generator', () => {
  it('is deterministic for a seed', () => {
    const network = generateNetwork(7);
    const ref = incidentReference(new Map([['urban_management', '城管'], ['water', '水务']]));
    const run = (end?: Date) => [...demoCases(network, ref, { seed: 7, total: 300, days: 10, end })];
    const a = run();
    const b = run();
    expect(a.length).toBeGreaterThan(100);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const end = shanghaiTime('2027-03-03 14:00');
    expect(JSON.stringify(run(end))).toBe(JSON.stringify(run(end)));
  });

  it('ends a year at any hour, past the known holidays too (a load in 2027), with the hotspots moved along', () => {
    const network = generateNetwork(320111);
    const ref = incidentReference(new Map([['urban_management', '城管'], ['law_enforcement', '执法']]));
    const end = shanghaiTime('2027-08-10 15:00');
    const cases = [...demoCases(network, ref, { seed: 320111, total: 2_000, end })];
    const created = cases.map((c) => c.state.createdAt.getTime());
    expect(Math.max(...created)).toBeLessThan(end.getTime());
    expect(Math.max(...created)).toBeGreaterThan(shanghaiTime('2027-08-10 08:00').getTime());
    expect(Math.min(...created)).toBeGreaterThanOrEqual(shanghaiTime('2026-08-11').getTime());
    expect(Math.min(...created)).toBeLessThan(shanghaiTime('2026-08-12').getTime());
    // Arrival hours stay local: patrol finds in working hours, whatever the hour of the load.
    const patrolHours = cases.filter((c) => c.state.source === 'patrol' && !c.hotspot).map((c) => new Date(c.state.createdAt.getTime() + 8 * 3_600_000).getUTCHours());
    expect(patrolHours.every((h) => h >= 7 && h <= 19)).toBe(true);
    const hotspots = shiftedHotspots(daysAfterReference(end));
    expect(daysAfterReference(end)).toBe(282);
    for (const h of hotspots) {
      const planted = cases.filter((c) => c.hotspot === h.id).map((c) => shanghaiDate(c.state.createdAt));
      expect(planted.length, h.id).toBeGreaterThan(0);
      expect(planted.every((day) => day >= h.from && day <= h.to), h.id).toBe(true);
    }
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
