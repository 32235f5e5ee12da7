/**
 * The case queue: filters of the dispatcher's desk with keyset paging (an opaque cursor), and
 * possible duplicates of a report (same category, still open, within 50 m and 24 h).
 */
import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DataScope } from '../auth/scope.ts';
import { qb, rows } from '../db/query.ts';
import type { Tables } from '../db/tables.ts';
import { badRequest } from '../http/problem.ts';
import { readIn } from './act.ts';
import { incidentColumns, incidentDepartments, rowToState } from './columns.ts';
import type { IncidentDeps } from './create.ts';
import { renderSummary, type IncidentSummary } from './render.ts';
import type { ListQuery } from './schema.ts';

export const DUPLICATE_METRES = 50;
export const DUPLICATE_HOURS = 24;

/** Cases `i` with their departments and the names of their street, community and current grid. */
function summaries() {
  return qb
    .selectFrom('incident as i')
    .leftJoin('division as s', 's.code', 'i.street_code')
    .leftJoin('division as c', 'c.code', 'i.community_code')
    .leftJoin('grid as g', (join) => join.onRef('g.code', '=', 'i.grid_code').on('g.valid_to', 'is', null))
    .select([...incidentColumns, incidentDepartments, 's.name as street_name', 'c.name as community_name', 'g.name as grid_name']);
}

/** Conditions on cases `i`, shared by the list, the case tiles and the analyses. */
export type Incidents = ExpressionBuilder<Tables & { i: Tables['incident'] }, 'i'>;

/** Any of the values, as one array parameter. */
export const anyOf = <T extends string>(values: readonly T[]) => sql<T>`ANY(${values}::text[])`;

/** The cases dispatched to a department. */
export const dispatchedTo = (department: string) => ({ exists, selectFrom }: Incidents) =>
  exists(selectFrom('incident_department as d').select('d.incident_id').whereRef('d.incident_id', '=', 'i.id').where('d.department_code', '=', department));

/** Still open and on the clock: neither closed, voided nor suspended. */
const onTheClock = (eb: Incidents) => eb.and([eb('i.closed_at', 'is', null), eb('i.status', 'not in', ['voided', 'suspended'])]);

/**
 * The cases `i` a scope sees: its grids (unplaced cases district-wide only, sql/010), its
 * department's, petitions only for case handlers. The case list and the case tiles both keep to it.
 */
export const inScope = (scope: DataScope) => (eb: Incidents) => {
  const prefix = scope.prefix;
  const grids = eb.and([eb('i.grid_code', '>=', prefix), eb('i.grid_code', '<', `${prefix}:`)]);
  // Cases not placed yet (reported by address only) belong to the district as a whole (sql/010).
  const conditions = [prefix.length === 6 ? eb.or([grids, eb('i.grid_code', 'is', null)]) : grids];
  if (scope.department) conditions.push(dispatchedTo(scope.department)(eb));
  if (!scope.petitions) conditions.push(eb('i.source', '<>', 'petition'));
  return eb.and(conditions);
};

/** `category` as the list takes it: 5-digit matter codes and 2-digit major classes, comma-separated. */
export const inCategories = (category: string) => (eb: Incidents) => {
  const codes = category.split(',');
  return eb.or([
    eb('i.category_code', '=', anyOf(codes.filter((c) => c.length === 5))),
    eb(sql<string>`substr(i.category_code, 1, 2)`, '=', anyOf(codes.filter((c) => c.length === 2))),
  ]);
};

interface Cursor {
  sort: 'created' | 'due';
  value: string;
  id: number;
}

const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

/**
 * A sort key as encodeCursor writes it: an instant from toISOString, or Infinity (no due time).
 * Checked here because a cursor is client input: anything else would reach PostgreSQL's cast.
 */
function sortKey(value: unknown): value is string {
  if (value === 'Infinity') return true;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

function decodeCursor(text: string, sort: Cursor['sort']): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (cursor?.sort === sort && sortKey(cursor.value) && Number.isSafeInteger(cursor.id) && cursor.id > 0) return cursor;
  } catch {
    /* answered below */
  }
  throw badRequest(`invalid query: cursor: not a cursor of this listing (sort=${sort}); use nextCursor as given`, {
    errors: [{ field: 'cursor', message: 'invalid cursor' }],
  });
}

export interface IncidentPage {
  items: IncidentSummary[];
  nextCursor: string | null;
}

/**
 * A page of the queue. With a scope, the query keeps to it (grid codes of the jurisdiction,
 * the department's cases, petitions only for case handlers) and runs under row-level security,
 * which would keep to it anyway.
 */
export async function listIncidents(deps: IncidentDeps, query: ListQuery, now = new Date(), scope?: DataScope): Promise<IncidentPage> {
  const byDue = query.sort === 'due';
  const key = byDue ? sql<Date | number>`coalesce(i.due_at, 'infinity'::timestamptz)` : sql<Date | number>`i.created_at`;
  let select = summaries().select(key.as('sort_key'));
  if (scope) select = select.where(inScope(scope));
  if (query.status) select = select.where('i.status', '=', anyOf(query.status));
  if (query.level) select = select.where('i.level', '=', anyOf(query.level));
  if (query.source) select = select.where('i.source', '=', anyOf(query.source));
  if (query.priority) select = select.where('i.priority', '=', query.priority);
  if (query.category) select = select.where(inCategories(query.category));
  if (query.street) select = select.where('i.street_code', '=', query.street);
  if (query.community) select = select.where('i.community_code', '=', query.community);
  if (query.grid) select = select.where('i.grid_code', '=', query.grid);
  if (query.department) select = select.where(dispatchedTo(query.department));
  if (query.ticket) select = select.where('i.ticket', '=', query.ticket);
  if (query.bbox) {
    const [minLon, minLat, maxLon, maxLat] = query.bbox;
    select = select.where(sql<SqlBool>`i.geom && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`);
  }
  if (query.from) select = select.where('i.created_at', '>=', query.from);
  if (query.to) select = select.where('i.created_at', '<', query.to);
  if (query.open !== undefined) {
    const open = query.open;
    select = select.where((eb) => open
      ? eb.and([eb('i.closed_at', 'is', null), eb('i.status', '<>', 'voided')])
      : eb.or([eb('i.closed_at', 'is not', null), eb('i.status', '=', 'voided')]));
  }
  if (query.overdue !== undefined) {
    const overdue = query.overdue;
    select = select.where((eb) => {
      const late = eb.and([onTheClock(eb), sql<SqlBool>`coalesce(i.due_at <= ${now}, false)`]);
      return overdue ? late : eb.not(late);
    });
  }
  if (query.light) {
    const lights = query.light;
    select = select.where((eb) => eb.and([
      onTheClock(eb),
      eb.or(lights.map((l) => ({
        red: eb('i.due_at', '<=', now),
        yellow: eb.and([eb('i.warn_at', '<=', now), eb('i.due_at', '>', now)]),
        green: eb('i.warn_at', '>', now),
      })[l])),
    ]));
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, query.sort);
    select = select.where(sql<SqlBool>`(${key}, i.id) ${sql.raw(byDue ? '>' : '<')} (${cursor.value}::timestamptz, ${cursor.id}::bigint)`);
  }
  const direction = byDue ? 'asc' : 'desc';
  const ordered = select.orderBy(key, direction).orderBy('i.id', direction).limit(query.limit + 1);
  const ref = await deps.reference.get();
  const found = await readIn(deps, scope, (db) => rows(db, ordered));
  const page = found.slice(0, query.limit);
  const items = page.map((row) => renderSummary(rowToState(row), { street: row.street_name, community: row.community_name, grid: row.grid_name }, ref, now));
  const last = page[page.length - 1];
  const lastKey = last && (last.sort_key instanceof Date ? last.sort_key.toISOString() : String(last.sort_key));
  return { items, nextCursor: found.length > query.limit ? encodeCursor({ sort: query.sort, value: lastKey, id: Number(last.id) }) : null };
}

export interface DuplicateQuery {
  categoryCode: string;
  lon: number;
  lat: number;
  /** The report's time: candidates were created within 24 h of it. */
  at: Date;
  /** The case itself, when asking about an existing one. */
  excludeId?: number;
}

export type Duplicate = IncidentSummary & { distanceM: number };

/** Open cases of the same category within 50 m and 24 h, nearest first. */
export async function findDuplicates(deps: IncidentDeps, q: DuplicateQuery, now = new Date(), scope?: DataScope): Promise<Duplicate[]> {
  const ref = await deps.reference.get();
  const hours = DUPLICATE_HOURS * 3_600_000;
  const query = qb
    .with('here', (db) => db.selectNoFrom(sql<string>`ST_SetSRID(ST_MakePoint(${q.lon}, ${q.lat}), 4326)`.as('g')))
    .selectFrom(['here', 'incident as i'])
    .leftJoin('division as s', 's.code', 'i.street_code')
    .leftJoin('division as c', 'c.code', 'i.community_code')
    .leftJoin('grid as g', (join) => join.onRef('g.code', '=', 'i.grid_code').on('g.valid_to', 'is', null))
    .select([
      ...incidentColumns, incidentDepartments, 's.name as street_name', 'c.name as community_name', 'g.name as grid_name',
      sql<number>`ST_Distance(i.geom::geography, here.g::geography)`.as('distance_m'),
    ])
    .where('i.category_code', '=', q.categoryCode)
    .where('i.closed_at', 'is', null)
    .where('i.status', '<>', 'voided')
    .where('i.created_at', '>=', new Date(q.at.getTime() - hours))
    .where('i.created_at', '<=', new Date(q.at.getTime() + hours))
    .where('i.id', '<>', String(q.excludeId ?? 0))
    .where(sql<SqlBool>`i.geom && ST_Expand(here.g, 0.002)`)
    .where(sql<SqlBool>`ST_DWithin(i.geom::geography, here.g::geography, ${DUPLICATE_METRES})`)
    .orderBy('distance_m')
    .orderBy('i.id')
    .limit(20);
  const found = await readIn(deps, scope, (db) => rows(db, query));
  return found.map((row) => ({
    ...renderSummary(rowToState(row), { street: row.street_name, community: row.community_name, grid: row.grid_name }, ref, now),
    distanceM: Math.round(row.distance_m * 10) / 10,
  }));
}
