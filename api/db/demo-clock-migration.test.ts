/**
 * Migration 012 on a database that holds a demo loaded before it (ending at the former fixed
 * 2026-11-01) and cases and steps users added since: the demo's clock names the demo's cases and
 * events only, so the start-up moves those and never the users'.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { scratchSchema, type ScratchSchema } from '../testing/scratch-schema.ts';
import { demoClock } from '../../seeds/pukou/incidents/demo-clock.ts';

const db = testDatabase();
const OLD_END = '2026-11-01T00:00:00+08:00';
let scratch: ScratchSchema;
let probe: pg.Pool;
let demo: { first: number; last: number; lastEvent: number; lastMessage: number };

const columnsOf = (table: string) => scratch.columnsOf(table);

beforeAll(async () => {
  scratch = await scratchSchema(db, 'demo_clock_probe', 11);
  probe = scratch.pool;
  await probe.query('INSERT INTO incident_category SELECT * FROM public.incident_category');
  await probe.query(`INSERT INTO seed_run (scale, seed, finished_at) VALUES ('demo', 320111, now())`);
  // The old demo: a sample of the seeded cases from before the old end, with their events and
  // messages up to it (that demo's year ended there).
  const incident = (await columnsOf('incident')).join(', ');
  await probe.query(`INSERT INTO incident (${incident}) SELECT ${incident} FROM public.incident WHERE id % 40 = 0 AND created_at < $1`, [OLD_END]);
  const event = (await columnsOf('incident_event')).join(', ');
  await probe.query(`INSERT INTO incident_event (${event}) SELECT ${event} FROM public.incident_event WHERE incident_id IN (SELECT id FROM incident) AND at < $1`, [OLD_END]);
  const message = (await columnsOf('citizen_message')).join(', ');
  await probe.query(`INSERT INTO citizen_message (${message}) SELECT ${message} FROM public.citizen_message WHERE incident_id IN (SELECT id FROM incident) AND created_at < $1`, [OLD_END]);
  const { rows: [r] } = await probe.query(
    `SELECT min(id)::float8 AS first, max(id)::float8 AS last, (SELECT max(id) FROM incident_event)::float8 AS "lastEvent",
            coalesce((SELECT max(id) FROM citizen_message), 0)::float8 AS "lastMessage" FROM incident`,
  );
  demo = r;
  // Since then: a user's case reported today, and a step a user took on a demo case.
  await probe.query(
    `INSERT INTO incident (${incident})
     SELECT ${(await columnsOf('incident')).map((c) => ({ id: 'id + 1000000', ticket: `incident_ticket(now(), id + 1000000)`, created_at: 'now()' } as Record<string, string>)[c] ?? c).join(', ')}
     FROM incident WHERE id = $1`,
    [demo.last],
  );
  await probe.query(
    `INSERT INTO incident_event (incident_id, seq, action, to_status, to_level, actor_role, actor_name, at)
     SELECT id, version + 1, 'urge', status, level, 'district_dispatcher', '区联勤指挥中心', now() FROM incident WHERE id = $1`,
    [demo.first],
  );
}, 120_000);

afterAll(async () => {
  await scratch?.drop();
  await db.close();
});

describe('migration 012 on a database with a demo loaded before it', () => {
  it('records the old end and the rows of the demo, not those users added since', async () => {
    expect(demo.last).toBeGreaterThan(demo.first);
    expect(await scratch.migrate(12)).toEqual(['012_demo_clock.sql']);
    const clock = await demoClock(probe);
    expect(clock).toEqual({
      loadedEnd: new Date(OLD_END), shiftedDays: 0, end: new Date(OLD_END),
      firstCaseId: demo.first, lastCaseId: demo.last, lastEventId: demo.lastEvent, lastMessageId: demo.lastMessage,
    });
  });
});
