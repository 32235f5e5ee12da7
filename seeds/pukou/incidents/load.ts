/**
 * Loads the case reference data and a year of demo cases with their events, departments and
 * citizen messages, in one transaction. Batched `INSERT … SELECT FROM unnest(…)` on both
 * databases (COPY breaks the embedded one, and at this size unnest is fast enough anyway).
 */
import type pg from 'pg';
import type { Database } from '../../../api/db/database.ts';
import { STATE_COLUMNS } from '../../../api/incidents/columns.ts';
import type { PukouNetwork, SeedProgress, SeedScale } from '../types.ts';
import { daysAfterReference } from './demo-clock.ts';
import { demoCases, SCALE_CASES, type DemoCase } from './generate.ts';
import { incidentReference, loadIncidentReference } from './reference.ts';

const BATCH = 2_000;

export interface IncidentLoadOptions {
  scale: SeedScale;
  seed: number;
  /** Where the year of cases ends (the load time, seedPukou passes the start of the hour). */
  end: Date;
  /** Overrides the scale's number of cases (tests). */
  total?: number;
  onProgress?: (progress: SeedProgress) => void;
}

const INSERT_INCIDENTS = `
  INSERT INTO incident (id, ticket, geom, ${STATE_COLUMNS.map(([name]) => name).join(', ')})
  SELECT u.id, incident_ticket(u.created_at, u.id), ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326),
         ${STATE_COLUMNS.map(([name]) => `u.${name}`).join(', ')}
  FROM unnest($1::bigint[], $2::float8[], $3::float8[], ${STATE_COLUMNS.map(([, type], i) => `$${i + 4}::${type}[]`).join(', ')})
       AS u(id, lon, lat, ${STATE_COLUMNS.map(([name]) => name).join(', ')})`;

// Events travel as one JSON document per batch: far cheaper to encode than thirteen arrays.
const INSERT_EVENTS = `
  INSERT INTO incident_event (incident_id, seq, action, from_status, to_status, from_level, to_level,
                              actor_role, actor_name, actor_department, note, data, at)
  SELECT e.i, e.s, e.a, e.fs, e.ts, e.fl, e.tl, e.r, e.n, e.d, e.o, e.x, e.t
  FROM json_to_recordset($1::json) AS e(i bigint, s int, a text, fs text, ts text, fl text, tl text, r text, n text, d text,
                                         o text, x jsonb, t timestamptz)`;

const INSERT_DEPARTMENTS = `
  INSERT INTO incident_department (incident_id, department_code, status, dispatched_at, accepted_at, finished_at)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[])`;

const INSERT_MESSAGES = `
  INSERT INTO citizen_message (incident_id, author, author_name, body, created_at)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`;

/** Expects the tables empty (seedPukou truncates them) and the departments loaded. */
export async function loadIncidents(db: Database, network: PukouNetwork, options: IncidentLoadOptions): Promise<{ cases: number; events: number }> {
  const progress = options.onProgress ?? (() => {});
  const total = options.total ?? SCALE_CASES[options.scale];
  const client = await db.pool.connect();
  let cases = 0;
  let events = 0;
  try {
    await client.query('BEGIN');
    await loadIncidentReference(client, daysAfterReference(options.end));
    const indexes = await dropSecondaryIndexes(client, ['incident', 'incident_event', 'incident_department', 'citizen_message']);
    const { rows } = await client.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM department ORDER BY code');
    const ref = incidentReference(new Map(rows.map((r) => [r.code, r.name_zh])));
    progress({ stage: 'incidents', done: 0, total });
    let batch: DemoCase[] = [];
    const flush = async () => {
      await insertBatch(client, batch);
      cases += batch.length;
      events += batch.reduce((sum, c) => sum + c.events.length, 0);
      progress({ stage: 'incidents', done: Math.min(cases, total - 1), total });
      batch = [];
    };
    for (const demoCase of demoCases(network, ref, { seed: options.seed, total, end: options.end })) {
      batch.push(demoCase);
      if (batch.length === BATCH) await flush();
    }
    if (batch.length) await flush();
    for (const definition of indexes) await client.query(definition);
    await client.query(`SELECT setval('incident_id_seq', greatest((SELECT max(id) FROM incident), 1))`);
    await recordDemoClock(client, options.end);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  await db.pool.query('ANALYZE incident, incident_event, incident_department, citizen_message');
  progress({ stage: 'incidents', done: total, total });
  return { cases, events };
}

/** What the start-up needs to move the demo forward later, and only the demo (sql/012_demo_clock.sql). */
async function recordDemoClock(client: pg.ClientBase, end: Date) {
  await client.query('DELETE FROM demo_clock');
  await client.query(
    `INSERT INTO demo_clock (loaded_end, first_case_id, last_case_id, last_event_id, last_message_id)
     SELECT $1, min(id), max(id), (SELECT coalesce(max(id), 0) FROM incident_event), (SELECT coalesce(max(id), 0) FROM citizen_message)
     FROM incident HAVING count(*) > 0`,
    [end],
  );
}

/** Plain indexes (not constraints) are faster built once after the load than kept up row by row. */
async function dropSecondaryIndexes(client: pg.ClientBase, tables: string[]): Promise<string[]> {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [tables],
  );
  for (const row of rows) await client.query(`DROP INDEX ${row.name}`);
  return rows.map((r) => r.definition);
}

async function insertBatch(client: pg.ClientBase, batch: DemoCase[]) {
  const states = batch.map((c) => c.state);
  await client.query(INSERT_INCIDENTS, [
    states.map((s) => s.id),
    states.map((s) => s.lon),
    states.map((s) => s.lat),
    ...STATE_COLUMNS.map(([, , value]) => states.map(value)),
  ]);
  const events = batch.flatMap((c) =>
    c.events.map((e) => ({
      i: c.state.id, s: e.seq, a: e.action, fs: e.fromStatus, ts: e.toStatus, fl: e.fromLevel, tl: e.toLevel,
      r: e.actor.role, n: e.actor.name, d: e.actor.department ?? null, o: e.note, x: e.data, t: e.at,
    })),
  );
  await client.query(INSERT_EVENTS, [JSON.stringify(events)]);
  const departments = batch.flatMap((c) => c.state.departments.map((d) => ({ id: c.state.id, d })));
  if (departments.length) {
    await client.query(INSERT_DEPARTMENTS, [
      departments.map((x) => x.id),
      departments.map((x) => x.d.code),
      departments.map((x) => x.d.status),
      departments.map((x) => x.d.dispatchedAt),
      departments.map((x) => x.d.acceptedAt),
      departments.map((x) => x.d.finishedAt),
    ]);
  }
  const messages = batch.flatMap((c) => c.messages.map((m) => ({ id: c.state.id, m })));
  if (messages.length) {
    await client.query(INSERT_MESSAGES, [
      messages.map((x) => x.id),
      messages.map((x) => x.m.author),
      messages.map((x) => x.m.authorName),
      messages.map((x) => x.m.body),
      messages.map((x) => x.m.at),
    ]);
  }
}
