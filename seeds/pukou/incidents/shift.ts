/**
 * Keeps a loaded demo current: on start, when the demo cases end a week or more before now, every
 * time of the demo (cases, their events, departments, citizen messages, the news) moves forward
 * by the same whole number of weeks, so the data ends within the last week and weekday patterns
 * stay (Mondays stay Mondays). Whole weeks only: a smaller gap is left as it is, since a bigger
 * move would put cases in the future. One transaction.
 *
 * Only what the load wrote moves: demo cases no user has acted on since (no event or message
 * newer than the load's); a case a user has touched keeps its dates, like the users' own cases.
 */
import type pg from 'pg';
import { inTransaction } from '../../../api/db/transaction.ts';
import { demoClock } from './demo-clock.ts';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** The timestamp columns of incident that the generator writes. */
const INCIDENT_TIMES = [
  'created_at', 'registered_at', 'dispatched_at', 'handled_at', 'closed_at', 'clock_started_at',
  'due_at', 'warn_at', 'suspended_at', 'rated_at', 'updated_at',
] as const;

export interface DemoShift {
  weeks: number;
  cases: number;
  events: number;
  /** The demo's end after the move. */
  end: Date;
}

/** Whole weeks to add to `end` so that it falls within the week before `now` (0 when already there). */
export function weeksBehind(end: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - end.getTime()) / WEEK));
}

/** Moves the demo forward when it lags by a week or more; null when there is no demo or nothing to do. */
export async function keepDemoCurrent(pool: pg.Pool, now = new Date()): Promise<DemoShift | null> {
  return inTransaction(pool, async (client) => {
    // Two servers starting on one database: the second waits here, then finds nothing to do.
    await client.query('LOCK TABLE demo_clock IN EXCLUSIVE MODE');
    const clock = await demoClock(client);
    if (!clock) return null;
    const weeks = weeksBehind(clock.end, now);
    if (weeks === 0) return null;
    return { weeks, ...(await shiftDemo(client, weeks)), end: new Date(clock.end.getTime() + weeks * WEEK) };
  });
}

/** Moves the untouched demo cases and the news `weeks` weeks forward, inside the caller's transaction. */
export async function shiftDemo(client: pg.ClientBase, weeks: number): Promise<{ cases: number; events: number }> {
  const clock = await demoClock(client);
  if (!clock) throw new Error('no demo data loaded (demo_clock is empty)');
  const by = `interval '${weeks * 7} days'`;
  await client.query(
    `CREATE TEMP TABLE demo_shift ON COMMIT DROP AS
     SELECT i.id FROM incident i
     WHERE i.id BETWEEN $1 AND $2
       AND NOT EXISTS (SELECT 1 FROM incident_event e WHERE e.incident_id = i.id AND e.id > $3)
       AND NOT EXISTS (SELECT 1 FROM citizen_message m WHERE m.incident_id = i.id AND m.id > $4)`,
    [clock.firstCaseId, clock.lastCaseId, clock.lastEventId, clock.lastMessageId],
  );
  await client.query('ALTER TABLE demo_shift ADD PRIMARY KEY (id)');
  // The public ticket carries the report date, so it follows created_at (the id part is unchanged,
  // so tickets stay unique).
  const cases = await client.query(
    `UPDATE incident i SET ${INCIDENT_TIMES.map((c) => `${c} = ${c} + ${by}`).join(', ')},
            ticket = incident_ticket(i.created_at + ${by}, i.id)
     FROM demo_shift s WHERE s.id = i.id`,
  );
  // incident_event is append-only for everyone; only this transaction, as the table's owner,
  // lifts the trigger for the moment it rewrites the demo's own times (the ALTER is transactional).
  await client.query('ALTER TABLE incident_event DISABLE TRIGGER incident_event_append_only');
  const events = await client.query(
    `UPDATE incident_event e SET at = e.at + ${by},
            data = CASE WHEN e.data ? 'dueAt' THEN jsonb_set(e.data, '{dueAt}',
              to_jsonb(to_char(((e.data->>'dueAt')::timestamptz + ${by}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))) ELSE e.data END
     FROM demo_shift s WHERE s.id = e.incident_id AND e.id <= $1`,
    [clock.lastEventId],
  );
  await client.query('ALTER TABLE incident_event ENABLE TRIGGER incident_event_append_only');
  await client.query(
    `UPDATE incident_department d SET dispatched_at = dispatched_at + ${by}, accepted_at = accepted_at + ${by}, finished_at = finished_at + ${by}
     FROM demo_shift s WHERE s.id = d.incident_id`,
  );
  await client.query(
    `UPDATE citizen_message m SET created_at = m.created_at + ${by} FROM demo_shift s WHERE s.id = m.incident_id AND m.id <= $1`,
    [clock.lastMessageId],
  );
  // The news are the demo's only (nothing else writes them).
  await client.query(`UPDATE news SET published_at = published_at + ${by}`);
  await client.query(`UPDATE demo_clock SET shifted_days = shifted_days + $1, shifted_at = now()`, [weeks * 7]);
  return { cases: cases.rowCount ?? 0, events: events.rowCount ?? 0 };
}
