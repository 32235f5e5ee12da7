/**
 * The case queue: filters of the dispatcher's desk with keyset paging (an opaque cursor), and
 * possible duplicates of a report (same category, still open, within 50 m and 24 h).
 */
import type { DataScope } from '../auth/scope.ts';
import { badRequest } from '../http/problem.ts';
import { readIn } from './act.ts';
import { departmentsJson, rowToState, selectColumns } from './columns.ts';
import type { IncidentDeps } from './create.ts';
import { renderSummary, type IncidentSummary } from './render.ts';
import type { ListQuery } from './schema.ts';

export const DUPLICATE_METRES = 50;
export const DUPLICATE_HOURS = 24;

const AREA_NAMES = `s.name AS street_name, c.name AS community_name, g.name AS grid_name`;
const AREA_JOINS = `LEFT JOIN division s ON s.code = i.street_code
  LEFT JOIN division c ON c.code = i.community_code
  LEFT JOIN grid g ON g.code = i.grid_code AND g.valid_to IS NULL`;

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
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (scope) {
    const grids = `i.grid_code >= ${p(scope.prefix)} AND i.grid_code < ${p(scope.prefix + ':')}`;
    // Cases not placed yet (reported by address only) belong to the district as a whole (sql/010).
    where.push(scope.prefix.length === 6 ? `(${grids} OR i.grid_code IS NULL)` : grids);
    if (scope.department) where.push(`EXISTS (SELECT 1 FROM incident_department d WHERE d.incident_id = i.id AND d.department_code = ${p(scope.department)})`);
    if (!scope.petitions) where.push(`i.source <> 'petition'`);
  }
  const openCase = `i.closed_at IS NULL AND i.status NOT IN ('voided', 'suspended')`;
  if (query.status) where.push(`i.status = ANY(${p(query.status)}::text[])`);
  if (query.level) where.push(`i.level = ANY(${p(query.level)}::text[])`);
  if (query.source) where.push(`i.source = ANY(${p(query.source)}::text[])`);
  if (query.priority) where.push(`i.priority = ${p(query.priority)}`);
  if (query.category) {
    const codes = query.category.split(',');
    where.push(`(i.category_code = ANY(${p(codes.filter((c) => c.length === 5))}::text[])
                 OR substr(i.category_code, 1, 2) = ANY(${p(codes.filter((c) => c.length === 2))}::text[]))`);
  }
  if (query.street) where.push(`i.street_code = ${p(query.street)}`);
  if (query.community) where.push(`i.community_code = ${p(query.community)}`);
  if (query.grid) where.push(`i.grid_code = ${p(query.grid)}`);
  if (query.department) where.push(`EXISTS (SELECT 1 FROM incident_department d WHERE d.incident_id = i.id AND d.department_code = ${p(query.department)})`);
  if (query.ticket) where.push(`i.ticket = ${p(query.ticket)}`);
  if (query.bbox) where.push(`i.geom && ST_MakeEnvelope(${query.bbox.map(p).join(', ')}, 4326)`);
  if (query.from) where.push(`i.created_at >= ${p(query.from)}`);
  if (query.to) where.push(`i.created_at < ${p(query.to)}`);
  if (query.open !== undefined) where.push(query.open ? `i.closed_at IS NULL AND i.status <> 'voided'` : `(i.closed_at IS NOT NULL OR i.status = 'voided')`);
  if (query.overdue !== undefined) where.push(`${query.overdue ? '' : 'NOT '}(${openCase} AND coalesce(i.due_at <= ${p(now)}, false))`);
  if (query.light) {
    const t = p(now);
    const lights = { red: `i.due_at <= ${t}`, yellow: `i.warn_at <= ${t} AND i.due_at > ${t}`, green: `i.warn_at > ${t}` };
    where.push(`${openCase} AND (${query.light.map((l) => lights[l]).join(' OR ')})`);
  }

  const byDue = query.sort === 'due';
  const key = byDue ? `coalesce(i.due_at, 'infinity'::timestamptz)` : 'i.created_at';
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, query.sort);
    where.push(`(${key}, i.id) ${byDue ? '>' : '<'} (${p(cursor.value)}::timestamptz, ${p(cursor.id)}::bigint)`);
  }
  const order = byDue ? `${key} ASC, i.id ASC` : `${key} DESC, i.id DESC`;
  const ref = await deps.reference.get();
  const { rows } = await readIn(deps, scope, (db) => db.query(
    `SELECT ${selectColumns('i.')}, ${departmentsJson('i')}, ${AREA_NAMES}, ${key} AS sort_key
     FROM incident i ${AREA_JOINS}
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${order} LIMIT ${p(query.limit + 1)}`,
    params,
  ));
  const page = rows.slice(0, query.limit);
  const items = page.map((row) => renderSummary(rowToState(row), { street: row.street_name, community: row.community_name, grid: row.grid_name }, ref, now));
  const last = page[page.length - 1];
  const lastKey = last && (last.sort_key instanceof Date ? last.sort_key.toISOString() : String(last.sort_key));
  return { items, nextCursor: rows.length > query.limit ? encodeCursor({ sort: query.sort, value: lastKey, id: Number(last.id) }) : null };
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
  const { rows } = await readIn(deps, scope, (db) => db.query(
    `WITH here AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
     SELECT ${selectColumns('i.')}, ${departmentsJson('i')}, ${AREA_NAMES},
            ST_Distance(i.geom::geography, here.g::geography) AS distance_m
     FROM here, incident i ${AREA_JOINS}
     WHERE i.category_code = $3 AND i.closed_at IS NULL AND i.status <> 'voided'
       AND i.created_at BETWEEN $4::timestamptz - make_interval(hours => $7) AND $4::timestamptz + make_interval(hours => $7)
       AND i.id <> $5
       AND i.geom && ST_Expand(here.g, 0.002)
       AND ST_DWithin(i.geom::geography, here.g::geography, $6)
     ORDER BY distance_m, i.id LIMIT 20`,
    [q.lon, q.lat, q.categoryCode, q.at, q.excludeId ?? 0, DUPLICATE_METRES, DUPLICATE_HOURS],
  ));
  return rows.map((row) => ({
    ...renderSummary(rowToState(row), { street: row.street_name, community: row.community_name, grid: row.grid_name }, ref, now),
    distanceM: Math.round(row.distance_m * 10) / 10,
  }));
}
