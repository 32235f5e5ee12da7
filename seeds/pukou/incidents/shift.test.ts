/**
 * The start-up's move of a demo loaded weeks ago: a small demo ending five weeks and two days
 * back, loaded into a scratch schema, moves five whole weeks forward: every time of its cases,
 * events, departments, messages and the news by exactly that, a user's case and a demo case a
 * user has acted on not at all, and the planted hotspots are found in their moved windows.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../../api/calendar/working-calendar.ts';
import { testDatabase } from '../../../api/testing/database.ts';
import { scratchSchema, type ScratchSchema } from '../../../api/testing/scratch-schema.ts';
import { loadNetwork } from '../load-network.ts';
import { generateNetwork } from '../network.ts';
import { demoClock, demoEndFor, demoHotspots } from './demo-clock.ts';
import { countHotspot } from './hotspot-check.ts';
import { loadIncidents } from './load.ts';
import { keepDemoCurrent, weeksBehind } from './shift.ts';

const db = testDatabase();
const DAY = 86_400_000;
const now = new Date();
const loadedEnd = new Date(demoEndFor(now).getTime() - 37 * DAY);
let scratch: ScratchSchema;
let probe: pg.Pool;
let userCase: number;
let touchedCase: number;

type Row = Record<string, unknown>;
/** Every time the load writes, per row, as epoch milliseconds (null stays null). */
const TIMES: [table: string, key: string, columns: string[]][] = [
  ['incident', 'id::text', ['created_at', 'registered_at', 'dispatched_at', 'handled_at', 'closed_at', 'clock_started_at', 'due_at', 'warn_at', 'suspended_at', 'rated_at', 'updated_at']],
  ['incident_event', `incident_id || '/' || id`, ['at', `(data->>'dueAt')::timestamptz`]],
  ['incident_department', `incident_id || '/' || department_code`, ['dispatched_at', 'accepted_at', 'finished_at']],
  ['citizen_message', `incident_id || '/' || id`, ['created_at']],
  ['news', `'0/' || id`, ['published_at']],
];

async function snapshot(): Promise<Map<string, (number | null)[]>> {
  const all = new Map<string, (number | null)[]>();
  for (const [table, key, columns] of TIMES) {
    const { rows } = await probe.query<Row>(
      `SELECT ${key} AS key, ${columns.map((c, i) => `(extract(epoch FROM ${c}) * 1000)::float8 AS c${i}`).join(', ')} FROM ${table}`,
    );
    for (const r of rows) all.set(`${table}:${r.key}`, columns.map((_, i) => r[`c${i}`] as number | null));
  }
  return all;
}

/** The case a key belongs to (news belong to none: 0). */
const caseOf = (key: string) => Number(key.split(':')[1].split('/')[0]);

beforeAll(async () => {
  scratch = await scratchSchema(db, 'demo_shift_probe');
  probe = scratch.pool;
  await probe.query('INSERT INTO department SELECT * FROM public.department');
  const network = generateNetwork(320111);
  await loadNetwork(probe, network);
  await loadIncidents(scratch.database(), network, {
    scale: 'demo', seed: 320111, total: 3_000, end: loadedEnd,
  });
  const clock = (await demoClock(probe))!;
  // A user's own case, reported today, and a demo case a user has acted on since the load.
  const columns = await scratch.columnsOf('incident');
  userCase = clock.lastCaseId + 1;
  await probe.query(
    `INSERT INTO incident (${columns.join(', ')})
     SELECT ${columns.map((c) => ({ id: '$1', ticket: `incident_ticket(now(), $1)`, created_at: 'now()', updated_at: 'now()' } as Row)[c] ?? c).join(', ')}
     FROM incident WHERE id = $2`,
    [userCase, clock.firstCaseId],
  );
  touchedCase = clock.firstCaseId + 7;
  await probe.query(
    `INSERT INTO incident_event (incident_id, seq, action, to_status, to_level, actor_role, actor_name, at)
     SELECT id, version + 1, 'urge', status, level, 'district_dispatcher', '区联勤指挥中心', now() FROM incident WHERE id = $1`,
    [touchedCase],
  );
}, 300_000);

afterAll(async () => {
  await scratch?.drop();
  await db.close();
});

describe('the start-up move of a demo loaded weeks ago', () => {
  it('moves every demo time by the same whole weeks, and leaves users\' cases alone', async () => {
    const before = await snapshot();
    expect(weeksBehind(loadedEnd, now)).toBe(5);
    const moved = await keepDemoCurrent(probe, now);
    expect(moved).toMatchObject({ weeks: 5, end: new Date(loadedEnd.getTime() + 35 * DAY) });
    expect(moved!.cases).toBeGreaterThan(2_000);
    const after = await snapshot();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());

    let times = 0;
    for (const [key, was] of before) {
      const kept = caseOf(key) === userCase || caseOf(key) === touchedCase;
      const expected = was.map((t) => (t === null ? null : kept ? t : t + 35 * DAY));
      expect(after.get(key), key).toEqual(expected);
      if (!kept) times += was.filter((t) => t !== null).length;
    }
    expect(times).toBeGreaterThan(10_000);
    expect(before.has(`news:0/1`)).toBe(true);
    expect(before.get(`incident:${userCase}`)).toBeDefined();

    // Tickets name the (new) report date; the demo ends within the last week, before now.
    const { rows: [bad] } = await probe.query(
      `SELECT count(*)::int AS n FROM incident WHERE ticket <> incident_ticket(created_at, id)`,
    );
    expect(bad.n).toBe(0);
    const clock = (await demoClock(probe))!;
    expect(clock.shiftedDays).toBe(35);
    expect(now.getTime() - clock.end.getTime()).toBeLessThan(7 * DAY);
    expect(clock.end.getTime()).toBeLessThanOrEqual(now.getTime());
    const { rows: [last] } = await probe.query('SELECT max(created_at) AS at FROM incident WHERE id <= $1', [clock.lastCaseId]);
    expect(shanghaiDate(last.at) <= shanghaiDate(clock.end)).toBe(true);
  });

  it('finds the planted hotspots in their moved windows', async () => {
    const hotspots = await demoHotspots(probe);
    expect(hotspots.length).toBeGreaterThan(0);
    for (const h of hotspots) {
      const { during, before, promised } = await countHotspot(probe, h);
      expect(during, h.id).toBeGreaterThan(promised);
      expect(before, h.id).toBeLessThan(during / 5);
    }
  });

  it('does nothing on the next start, and events stay append-only for everyone else', async () => {
    expect(await keepDemoCurrent(probe, now)).toBeNull();
    await expect(probe.query('UPDATE incident_event SET at = at WHERE id = 1')).rejects.toThrow(/append-only/);
  });
});
