/** Shared by the incident tests: the seed's reference data in memory, case fixtures, HTTP helpers. */
import type pg from 'pg';
import { sql } from 'kysely';
import { first, qb } from '../db/query.ts';
import { WorkingCalendar } from '../calendar/working-calendar.ts';
import { calendarExceptions } from '../../seeds/pukou/incidents/holidays.ts';
import { timeLimitRules } from '../../seeds/pukou/incidents/time-limits.ts';
import type { Actor, IncidentState, Level, Status } from './model.ts';
import { TimeLimits } from './time-limit.ts';
import { reportIncident } from './new-case.ts';
import type { WorkflowEnv } from './transition.ts';
import type { Hono } from 'hono';

export const limits = new TimeLimits(timeLimitRules());
export const calendar = new WorkingCalendar(calendarExceptions());
export const envAt = (now: Date): WorkflowEnv => ({ now, limits, calendar });

type Staff = 'worker' | 'street' | 'district' | 'unit' | 'citizen' | 'system';

export const actors: Record<Staff, Actor> & { dept: (code: string) => Actor } = {
  worker: { role: 'grid_worker', name: '测试网格员' },
  street: { role: 'street_dispatcher', name: '测试街道分中心' },
  district: { role: 'district_dispatcher', name: '区联勤指挥中心' },
  unit: { role: 'department', name: '街道执法中队' },
  citizen: { role: 'citizen', name: '市民' },
  system: { role: 'system', name: '系统' },
  dept: (code: string): Actor => ({ role: 'department', name: code, department: code }),
};

/** A reported case at grid level (category 06010 暴露垃圾, 4 working hours at grid level). */
export function reportedCase(now: Date, categoryCode = '06010'): IncidentState {
  return reportIncident(
    {
      source: 'patrol', categoryCode, priority: 'normal', level: 'grid', lon: 118.6, lat: 32.05,
      gridCode: '320111004024003', communityCode: '320111004024', streetCode: '320111004',
      address: null, description: 'test', reporterName: '张三', reporterPhone: '13812341234',
    },
    actors.worker,
    null,
    now,
  ).state;
}

/** A case in any status at any level, as the workflow could have left it. */
export function caseIn(status: Status, level: Level, now: Date): IncidentState {
  const s = reportedCase(new Date(now.getTime() - 3_600_000));
  const registered = !['reported', 'verified'].includes(status) && status !== 'voided';
  const state: IncidentState = { ...s, status, level };
  if (registered) {
    const limit = limits.resolve(s.categoryCode, level, s.priority);
    Object.assign(state, {
      registeredAt: s.createdAt, clockStartedAt: s.createdAt, limitUnit: limit.unit,
      limitMinutes: limit.amount * (limit.unit === 'working_days' ? 480 : 60),
      dueAt: new Date(now.getTime() + 86_400_000), warnAt: new Date(now.getTime() + 43_200_000),
    });
  }
  if (level === 'district' && ['dispatched', 'handling', 'handled', 'checked'].includes(status)) {
    const d = status === 'dispatched' ? 'dispatched' : status === 'handling' ? 'handling' : 'done';
    state.departments = [{ code: 'urban_management', status: d, dispatchedAt: s.createdAt, acceptedAt: null, finishedAt: null }];
  }
  if (status === 'suspended') Object.assign(state, { suspendedAt: now, suspendedFrom: 'dispatched', dueAt: null, warnAt: null });
  if (status === 'closed' || status === 'evaluated') Object.assign(state, { closedAt: now, closedLevel: level, closedOnTime: true });
  if (status === 'evaluated') Object.assign(state, { rating: 5, ratedAt: now });
  return state;
}

/** A point well inside the n-th current grid (by code), with its codes. */
export async function gridPoint(pool: pg.Pool, n = 0) {
  const r = await first(pool, qb
    .selectFrom('grid')
    .select(['code', 'community_code', 'street_code', sql<number>`ST_X(ST_PointOnSurface(geom))`.as('lon'), sql<number>`ST_Y(ST_PointOnSurface(geom))`.as('lat')])
    .where('valid_to', 'is', null)
    .orderBy('code')
    .limit(1)
    .offset(n));
  if (!r) throw new Error(`no current grid number ${n}`);
  return { gridCode: r.code, communityCode: r.community_code, streetCode: r.street_code, lon: r.lon, lat: r.lat };
}

/** The display name of a demo account: the actor name its actions leave in a case's log. */
export async function displayName(pool: pg.Pool, username: string): Promise<string> {
  const { rows } = await pool.query<{ display_name: string }>(`SELECT display_name FROM app_user WHERE username = $1`, [username]);
  if (!rows[0]) throw new Error(`no demo account ${username}`);
  return rows[0].display_name;
}

/** The access token in a case's public link (`…#ticket=…&access=<token>`), for the citizen routes. */
export const accessOf = (publicLink: string): string => new URLSearchParams(publicLink.split('#')[1]).get('access')!;

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** A JSON request to the in-process app; `client` sets the socket address the rate limiter sees. */
export async function send(app: Hono, method: string, path: string, body?: unknown, headers: Record<string, string> = {}, client = '127.0.0.1'): Promise<JsonAnswer> {
  const response = await app.request(
    path,
    {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    },
    { incoming: { socket: { remoteAddress: client } } },
  );
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A tiny valid PNG (1×1) and JPEG header bytes, for photo tests. */
export const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082',
  'hex',
);
export const JPEG_BYTES = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1), Buffer.from([0xff, 0xd9])]);
