/**
 * The mapping between a case's state and the columns of `incident`, written once and used by
 * the create statement, the update after an action, the batch loader of the demo, and the reads.
 */
import { sql, type Selectable } from 'kysely';
import type { IncidentTable } from '../db/tables.ts';
import { h3Cell } from '../entities/h3.ts';
import type { IncidentEvent, IncidentState } from './model.ts';

type StateColumn = Exclude<keyof IncidentTable, 'id' | 'ticket' | 'geom'>;
type Column = [name: StateColumn, type: string, value: (s: IncidentState) => unknown];

/** Every column but id, ticket and geom (derived in SQL), in one order; h3_r10 is derived from the point too. */
export const STATE_COLUMNS: readonly Column[] = [
  ['source', 'text', (s) => s.source],
  ['category_code', 'text', (s) => s.categoryCode],
  ['priority', 'text', (s) => s.priority],
  ['status', 'text', (s) => s.status],
  ['level', 'text', (s) => s.level],
  ['grid_code', 'text', (s) => s.gridCode],
  ['community_code', 'text', (s) => s.communityCode],
  ['street_code', 'text', (s) => s.streetCode],
  ['address', 'text', (s) => s.address],
  ['description', 'text', (s) => s.description],
  ['reporter_name', 'text', (s) => s.reporterName],
  ['reporter_phone', 'text', (s) => s.reporterPhone],
  ['reported_by', 'text', (s) => s.reportedBy],
  ['self_handled', 'boolean', (s) => s.selfHandled],
  ['assignee', 'text', (s) => s.assignee],
  ['created_at', 'timestamptz', (s) => s.createdAt],
  ['registered_at', 'timestamptz', (s) => s.registeredAt],
  ['dispatched_at', 'timestamptz', (s) => s.dispatchedAt],
  ['handled_at', 'timestamptz', (s) => s.handledAt],
  ['closed_at', 'timestamptz', (s) => s.closedAt],
  ['closed_level', 'text', (s) => s.closedLevel],
  ['closed_on_time', 'boolean', (s) => s.closedOnTime],
  ['limit_unit', 'text', (s) => s.limitUnit],
  ['limit_minutes', 'float8', (s) => s.limitMinutes],
  ['clock_started_at', 'timestamptz', (s) => s.clockStartedAt],
  ['paused_minutes', 'float8', (s) => s.pausedMinutes],
  ['due_at', 'timestamptz', (s) => s.dueAt],
  ['warn_at', 'timestamptz', (s) => s.warnAt],
  ['suspended_at', 'timestamptz', (s) => s.suspendedAt],
  ['suspended_from', 'text', (s) => s.suspendedFrom],
  ['suspended_seconds', 'float8', (s) => s.suspendedSeconds],
  ['suspend_count', 'int4', (s) => s.suspendCount],
  ['extension_count', 'int4', (s) => s.extensionCount],
  ['rework_count', 'int4', (s) => s.reworkCount],
  ['urge_count', 'int4', (s) => s.urgeCount],
  ['reopen_count', 'int4', (s) => s.reopenCount],
  ['rating', 'int2', (s) => s.rating],
  ['rating_comment', 'text', (s) => s.ratingComment],
  ['rated_at', 'timestamptz', (s) => s.ratedAt],
  ['version', 'int4', (s) => s.version],
  ['updated_at', 'timestamptz', (s) => s.updatedAt],
  // the point's H3 cell, like geom derived from lon/lat (sql/011)
  ['h3_r10', 'int8', (s) => (s.lon === null || s.lat === null ? null : h3Cell(s.lat, s.lon))],
];

/** The columns a read of incident `i` returns, matching rowToState. */
export const incidentColumns = [
  'i.id' as const, 'i.ticket' as const, sql<number>`ST_X(i.geom)`.as('lon'), sql<number>`ST_Y(i.geom)`.as('lat'),
  ...STATE_COLUMNS.map(([name]) => `i.${name}` as const),
];

/** A department's part of a case, as the read's JSON gives it (timestamps as text). */
export interface DepartmentJson {
  code: string;
  status: IncidentState['departments'][number]['status'];
  dispatchedAt: string;
  acceptedAt: string | null;
  finishedAt: string | null;
}

/** The departments of incident `i` as JSON, in code order. */
export const incidentDepartments = sql<DepartmentJson[]>`(SELECT coalesce(json_agg(json_build_object(
    'code', d.department_code, 'status', d.status, 'dispatchedAt', d.dispatched_at,
    'acceptedAt', d.accepted_at, 'finishedAt', d.finished_at) ORDER BY d.department_code), '[]'::json)
  FROM incident_department d WHERE d.incident_id = i.id)`.as('departments');

/** Timestamps as a read gives them (Date) or as the JSON snapshot of a case keeps them (text). */
type OrText<T> = { [K in keyof T]: T[K] extends Date ? Date | string : T[K] extends Date | null ? Date | string | null : T[K] };

/**
 * A case as a read returns it (incidentColumns and incidentDepartments), or as its idempotency
 * snapshot keeps it (JSON: timestamps as text, id a number, no departments yet).
 */
export type IncidentRecord = OrText<Omit<Selectable<IncidentTable>, 'id' | 'geom'>> & {
  id: string | number;
  lon: number;
  lat: number;
  departments?: DepartmentJson[];
};

const date = (value: Date | string | null | undefined): Date | null => (value === null || value === undefined ? null : new Date(value));

/** A row (from pg, or the JSON snapshot of one) as the workflow's state. */
export function rowToState(row: IncidentRecord): IncidentState {
  return {
    id: Number(row.id),
    ticket: row.ticket,
    source: row.source,
    categoryCode: row.category_code,
    priority: row.priority,
    status: row.status,
    level: row.level,
    lon: row.lon === null ? null : Number(row.lon),
    lat: row.lat === null ? null : Number(row.lat),
    gridCode: row.grid_code,
    communityCode: row.community_code,
    streetCode: row.street_code,
    address: row.address,
    description: row.description,
    reporterName: row.reporter_name,
    reporterPhone: row.reporter_phone,
    reportedBy: row.reported_by,
    selfHandled: row.self_handled,
    assignee: row.assignee,
    createdAt: date(row.created_at)!,
    registeredAt: date(row.registered_at),
    dispatchedAt: date(row.dispatched_at),
    handledAt: date(row.handled_at),
    closedAt: date(row.closed_at),
    closedLevel: row.closed_level,
    closedOnTime: row.closed_on_time,
    limitUnit: row.limit_unit,
    limitMinutes: row.limit_minutes === null ? null : Number(row.limit_minutes),
    clockStartedAt: date(row.clock_started_at),
    pausedMinutes: Number(row.paused_minutes),
    dueAt: date(row.due_at),
    warnAt: date(row.warn_at),
    suspendedAt: date(row.suspended_at),
    suspendedFrom: row.suspended_from,
    suspendedSeconds: Number(row.suspended_seconds),
    suspendCount: row.suspend_count,
    extensionCount: row.extension_count,
    reworkCount: row.rework_count,
    urgeCount: row.urge_count,
    reopenCount: row.reopen_count,
    rating: row.rating,
    ratingComment: row.rating_comment,
    ratedAt: date(row.rated_at),
    version: row.version,
    updatedAt: date(row.updated_at)!,
    departments: (row.departments ?? []).map((d) => ({
      code: d.code,
      status: d.status,
      dispatchedAt: date(d.dispatchedAt)!,
      acceptedAt: date(d.acceptedAt),
      finishedAt: date(d.finishedAt),
    })),
  };
}

/** Events as the JSON rows that `jsonb_to_recordset(...) AS e(EVENT_RECORD)` reads. */
export const EVENT_RECORD = `seq int, action text, from_status text, to_status text, from_level text, to_level text,
  actor_role text, actor_name text, actor_department text, actor_user text, note text, data jsonb, at timestamptz`;

export function eventRecord(event: IncidentEvent) {
  return {
    seq: event.seq,
    action: event.action,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    from_level: event.fromLevel,
    to_level: event.toLevel,
    actor_role: event.actor.role,
    actor_name: event.actor.name,
    actor_department: event.actor.department ?? null,
    actor_user: event.actor.username ?? null,
    note: event.note,
    data: event.data,
    at: event.at.toISOString(),
  };
}
