/** SQL of cases: create (with its events, photos and idempotency key in one statement), read, update. */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { execute, first, qb, rows } from '../db/query.ts';
import { EVENT_RECORD, eventRecord, incidentColumns, incidentDepartments, STATE_COLUMNS, type IncidentRecord } from './columns.ts';
import type { IncidentEvent, IncidentState } from './model.ts';

export interface Photo {
  contentType: 'image/jpeg' | 'image/png';
  bytes: Buffer;
}

export interface IdempotencyGuard {
  scope: string;
  key: string;
  hash: string;
}

const stateValues = STATE_COLUMNS.map(([, type], i) => `$${i + 6}::${type}`).join(', ');
const P = STATE_COLUMNS.length + 6; // first parameter after the state columns

/**
 * One statement, so a case never exists without its events. With an Idempotency-Key, the key is
 * claimed first (ON CONFLICT DO NOTHING waits for a concurrent claim of the same key to commit)
 * and the case is inserted only when this request claimed it: a retry creates nothing, and no
 * request ever fails on the key. The key keeps the case as created (snapshot) for the replay.
 * Its tile notification is sent by the caller after the commit (lianqin.tile_notify, sql/015):
 * inside the transaction it would serialise the commits of all cases.
 */
const CREATE_SQL = `
WITH n AS (SELECT nextval('incident_id_seq') AS id, set_config('lianqin.tile_notify', 'after_commit', true) AS tile_notify),
claimed AS (
  INSERT INTO idempotency_key (scope, key, request_hash, snapshot)
  SELECT $5::text, $4::text, $${P + 3}::text,
         $${P + 4}::jsonb || jsonb_build_object('id', n.id, 'ticket', incident_ticket($1::timestamptz, n.id))
  FROM n WHERE $4::text IS NOT NULL
  ON CONFLICT DO NOTHING
  RETURNING 1
), created AS (
  INSERT INTO incident (id, ticket, geom, ${STATE_COLUMNS.map(([name]) => name).join(', ')})
  SELECT n.id, incident_ticket($1::timestamptz, n.id), ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326), ${stateValues}
  FROM n WHERE $4::text IS NULL OR EXISTS (SELECT 1 FROM claimed)
  RETURNING id, ticket
), events AS (
  INSERT INTO incident_event (incident_id, seq, action, from_status, to_status, from_level, to_level,
                              actor_role, actor_name, actor_department, actor_user, note, data, at)
  SELECT created.id, e.* FROM created, jsonb_to_recordset($${P}::jsonb) AS e(${EVENT_RECORD})
), photos AS (
  INSERT INTO incident_photo (incident_id, stage, content_type, size, bytes, created_at)
  SELECT created.id, 'report', p.content_type, length(p.bytes), p.bytes, $1::timestamptz
  FROM created, unnest($${P + 1}::text[], $${P + 2}::bytea[]) AS p(content_type, bytes)
  RETURNING id, stage, content_type, size
)
SELECT created.id::float8 AS id, created.ticket, (SELECT coalesce(json_agg(json_build_object('id', id, 'stage', stage, 'contentType', content_type, 'size', size)
                                            ORDER BY id), '[]'::json) FROM photos) AS photos
FROM created`;

export interface AreaNames {
  street: string | null;
  community: string | null;
  grid: string | null;
}

const statementNames = new WeakMap<pg.PoolClient, string>();
const STATEMENT_PREFIX = `create_incident_${process.pid}_${randomUUID().slice(0, 8)}`;
let statements = 0;

/**
 * Runs the create statement as a named prepared statement, so each connection parses and plans
 * it once, not on every case. The name is unique per client: through the embedded database's
 * socket every client (of every process) shares one session, where a name may exist only once.
 */
async function queryPrepared(pool: pg.Pool, text: string, values: unknown[]) {
  const client = await pool.connect();
  try {
    let name = statementNames.get(client);
    if (!name) statementNames.set(client, (name = `${STATEMENT_PREFIX}_${++statements}`));
    return await client.query({ name, text, values });
  } finally {
    client.release();
  }
}

/**
 * Inserts a new case and answers its id, ticket and photos (the rest is what was given: not
 * read back, as parsing 45 columns costs more than the insert); null when the idempotency key
 * already exists (the caller replays it).
 */
export async function insertIncident(
  pool: pg.Pool,
  state: IncidentState,
  events: IncidentEvent[],
  photos: Photo[],
  names: AreaNames,
  guard: IdempotencyGuard | null,
): Promise<{ id: number; ticket: string; photos: PhotoInfo[] } | null> {
  const params = [
    state.createdAt, state.lon, state.lat, guard?.key ?? null, guard?.scope ?? null,
    ...STATE_COLUMNS.map(([, , value]) => value(state)),
    JSON.stringify(events.map(eventRecord)),
    photos.map((p) => p.contentType),
    photos.map((p) => p.bytes),
    guard?.hash ?? null,
    guard ? JSON.stringify(snapshotOf(state, names)) : null,
  ];
  const { rows } = await queryPrepared(pool, CREATE_SQL, params);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

/** The case as an idempotency key keeps it: the row shape rowToState reads, with the area names. */
export type IncidentSnapshot = IncidentRecord & { names: AreaNames };

/** The case as created, in the row shape rowToState reads (id and ticket are added in SQL). */
function snapshotOf(state: IncidentState, names: AreaNames) {
  const row: Record<string, unknown> = { lon: state.lon, lat: state.lat, names };
  for (const [name, , value] of STATE_COLUMNS) row[name] = value(state);
  return row;
}

/** Keys older than `days` are forgotten: a retry comes within minutes, not weeks (and keys hold personal data). */
export async function purgeIdempotencyKeys(pool: pg.Pool, days = 7): Promise<number> {
  return execute(pool, qb.deleteFrom('idempotency_key').where('created_at', '<', sql<Date>`now() - make_interval(days => ${days})`));
}

/**
 * The stored request hash and snapshot of an idempotency key, or null. The snapshot is the JSON
 * its writer stored: `T` says what that writer put there.
 */
export async function readIdempotencyKey<T = Record<string, unknown>>(pool: pg.Pool, scope: string, key: string) {
  const row = await first(pool, qb.selectFrom('idempotency_key').select(['request_hash', 'snapshot']).where('scope', '=', scope).where('key', '=', key));
  return row ? { request_hash: row.request_hash, snapshot: row.snapshot as T } : null;
}

/** Reads a case with its departments and area names; FOR UPDATE inside an action's transaction. */
export async function selectIncident(db: Queryable, id: number, forUpdate = false) {
  const query = qb
    .selectFrom('incident as i')
    .select((eb) => [
      ...incidentColumns,
      incidentDepartments,
      eb.selectFrom('division').select('name').whereRef('code', '=', 'i.street_code').as('street_name'),
      eb.selectFrom('division').select('name').whereRef('code', '=', 'i.community_code').as('community_name'),
      eb.selectFrom('grid').select('name').whereRef('code', '=', 'i.grid_code').where('valid_to', 'is', null).as('grid_name'),
    ])
    .where('i.id', '=', String(id));
  return (await first(db, forUpdate ? query.forUpdate('i') : query)) ?? null;
}

/** A case as selectIncident reads it. */
export type IncidentRead = NonNullable<Awaited<ReturnType<typeof selectIncident>>>;

/** The case id of a ticket, or null. */
export async function incidentIdOfTicket(db: Queryable, ticket: string): Promise<number | null> {
  const row = await first(db, qb.selectFrom('incident').select('id').where('ticket', '=', ticket));
  return row ? Number(row.id) : null;
}

// geom follows lon/lat (only `place` changes them: a case reported by address only gets its point).
const UPDATE_SQL = `UPDATE incident SET ${STATE_COLUMNS.map(([name, type], i) => `${name} = $${i + 2}::${type}`).join(', ')},
  geom = ST_SetSRID(ST_MakePoint($${STATE_COLUMNS.length + 2}::float8, $${STATE_COLUMNS.length + 3}::float8), 4326) WHERE id = $1`;

/** Writes the state after an action, its departments when they changed, and its event. */
export async function saveTransition(client: pg.PoolClient, before: IncidentState, after: IncidentState, event: IncidentEvent, photos: Photo[]) {
  await client.query(UPDATE_SQL, [after.id, ...STATE_COLUMNS.map(([, , value]) => value(after)), after.lon, after.lat]);
  if (JSON.stringify(before.departments) !== JSON.stringify(after.departments)) {
    // In place, not deleted and re-inserted: under row-level security a department sees the
    // case through its own row, and would lose sight of it between the two statements.
    const codes = after.departments.map((d) => d.code);
    await client.query('DELETE FROM incident_department WHERE incident_id = $1 AND department_code <> ALL($2::text[])', [after.id, codes]);
    await client.query(
      `INSERT INTO incident_department (incident_id, department_code, status, dispatched_at, accepted_at, finished_at)
       SELECT $1, d.code, d.status, d.dispatched_at, d.accepted_at, d.finished_at
       FROM jsonb_to_recordset($2::jsonb) AS d(code text, status text, dispatched_at timestamptz, accepted_at timestamptz, finished_at timestamptz)
       ON CONFLICT (incident_id, department_code) DO UPDATE
       SET status = excluded.status, dispatched_at = excluded.dispatched_at, accepted_at = excluded.accepted_at, finished_at = excluded.finished_at`,
      [after.id, JSON.stringify(after.departments.map((d) => ({
        code: d.code, status: d.status, dispatched_at: d.dispatchedAt, accepted_at: d.acceptedAt, finished_at: d.finishedAt,
      })))],
    );
  }
  await client.query(
    `INSERT INTO incident_event (incident_id, seq, action, from_status, to_status, from_level, to_level,
                                 actor_role, actor_name, actor_department, actor_user, note, data, at)
     SELECT $1, e.* FROM jsonb_to_recordset($2::jsonb) AS e(${EVENT_RECORD})`,
    [after.id, JSON.stringify([eventRecord(event)])],
  );
  if (photos.length) {
    await client.query(
      `INSERT INTO incident_photo (incident_id, stage, content_type, size, bytes, created_at)
       SELECT $1, 'feedback', p.content_type, length(p.bytes), p.bytes, $2 FROM unnest($3::text[], $4::bytea[]) AS p(content_type, bytes)`,
      [after.id, event.at, photos.map((p) => p.contentType), photos.map((p) => p.bytes)],
    );
  }
}

export interface EventRow {
  seq: number;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  fromLevel: string | null;
  toLevel: string;
  actor: { role: string; name: string; department?: string; username?: string };
  note: string | null;
  data: Record<string, unknown> | null;
  at: Date;
}

export async function selectEvents(db: Queryable, id: number): Promise<EventRow[]> {
  const events = await rows(db, qb
    .selectFrom('incident_event')
    .select(['seq', 'action', 'from_status', 'to_status', 'from_level', 'to_level', 'actor_role', 'actor_name', 'actor_department', 'actor_user', 'note', 'data', 'at'])
    .where('incident_id', '=', String(id))
    .orderBy('seq'));
  return events.map((r) => ({
    seq: r.seq,
    action: r.action,
    fromStatus: r.from_status,
    toStatus: r.to_status,
    fromLevel: r.from_level,
    toLevel: r.to_level,
    actor: { role: r.actor_role, name: r.actor_name, ...(r.actor_department ? { department: r.actor_department } : {}), ...(r.actor_user ? { username: r.actor_user } : {}) },
    note: r.note,
    data: r.data,
    at: r.at,
  }));
}

export interface PhotoInfo {
  id: number;
  stage: 'report' | 'feedback';
  contentType: string;
  size: number;
}

export async function selectPhotos(db: Queryable, id: number): Promise<PhotoInfo[]> {
  return rows(db, qb
    .selectFrom('incident_photo')
    .select([sql<number>`id::float8`.as('id'), 'stage', 'content_type as contentType', 'size'])
    .where('incident_id', '=', String(id))
    .orderBy('id'));
}

export async function selectPhotoBytes(db: Queryable, incidentId: number, photoId: number) {
  const query = qb.selectFrom('incident_photo').select(['content_type', 'bytes']).where('incident_id', '=', String(incidentId)).where('id', '=', String(photoId));
  return (await first(db, query)) ?? null;
}
