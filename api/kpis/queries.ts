/**
 * SQL of the KPIs: counts per grid and per department of the cases registered in a period.
 * The KPIs are the incidents domain's analytics: they read its tables, and never write them.
 */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { first, qb, rows } from '../db/query.ts';
import type { KpiCounts } from './formulas.ts';

export type AreaLevel = 'district' | 'street' | 'community' | 'grid';

export interface KpiWindow {
  level: AreaLevel;
  code: string;
  from: Date;
  to: Date;
  /** When open cases are judged: closed by then, past due by then. */
  asOf: Date;
  /** Only the cases dispatched to this department (a department's own KPIs). */
  department?: string | null;
}

/** The column that places a case in an area of the level (a district holds its streets' codes). */
const AREA_COLUMN = { district: 'i.street_code', street: 'i.street_code', community: 'i.community_code', grid: 'i.grid_code' } as const;

/** One row per case of the window with its KPI flags; grouped by the caller's key. */
function cohort(w: KpiWindow) {
  const closed = sql<boolean>`(i.closed_at IS NOT NULL AND i.closed_at <= ${w.asOf})`;
  let query = qb
    .selectFrom('incident as i')
    .select([
      'i.id', 'i.grid_code',
      closed.as('closed'),
      sql<boolean>`(i.status = 'suspended')`.as('suspended'),
      sql<boolean>`${closed} OR i.status = 'suspended' OR i.due_at <= ${w.asOf}`.as('due'),
      sql<boolean>`(${closed} AND i.closed_on_time)`.as('on_time'),
      sql<boolean>`i.rework_count > 0`.as('reworked'),
      sql<boolean>`i.extension_count > 0`.as('extended'),
      sql<number>`extract(epoch FROM i.closed_at - i.created_at) / 3600`.as('hours'),
      'i.closed_level',
    ])
    .where(AREA_COLUMN[w.level], w.level === 'district' ? 'like' : '=', w.level === 'district' ? `${w.code}%` : w.code)
    .where('i.registered_at', '>=', w.from)
    .where('i.registered_at', '<', w.to);
  if (w.department) {
    const department = w.department;
    query = query.where(({ exists, selectFrom }) => exists(
      selectFrom('incident_department as d').select('d.incident_id').whereRef('d.incident_id', '=', 'i.id').where('d.department_code', '=', department),
    ));
  }
  return query;
}

/** The KPI counts over the cohort `c`, as KpiCounts reads them. */
const COUNTS = [
  sql<number>`count(*)::int`.as('registered'),
  sql<number>`count(*) FILTER (WHERE c.closed)::int`.as('closed'),
  sql<number>`count(*) FILTER (WHERE c.due)::int`.as('due'),
  sql<number>`count(*) FILTER (WHERE c.suspended)::int`.as('suspended'),
  sql<number>`count(*) FILTER (WHERE c.on_time)::int`.as('on_time'),
  sql<number>`count(*) FILTER (WHERE c.reworked)::int`.as('reworked'),
  sql<number>`count(*) FILTER (WHERE c.extended)::int`.as('extended'),
  sql<number>`coalesce(sum(c.hours) FILTER (WHERE c.closed), 0)::float8`.as('hours'),
  sql<number>`count(*) FILTER (WHERE c.closed AND c.closed_level = 'grid')::int`.as('at_grid'),
  sql<number>`count(*) FILTER (WHERE c.closed AND c.closed_level = 'street')::int`.as('at_street'),
  sql<number>`count(*) FILTER (WHERE c.closed AND c.closed_level = 'district')::int`.as('at_district'),
] as const;

interface CountRow {
  registered: number;
  closed: number;
  due: number;
  suspended: number;
  on_time: number;
  reworked: number;
  extended: number;
  hours: number;
  at_grid: number;
  at_street: number;
  at_district: number;
}

function toCounts(row: CountRow): KpiCounts {
  return {
    registered: row.registered,
    closed: row.closed,
    due: row.due,
    suspended: row.suspended,
    onTimeClosed: row.on_time,
    reworked: row.reworked,
    extended: row.extended,
    handlingHours: row.hours,
    closedAtGrid: row.at_grid,
    closedAtStreet: row.at_street,
    closedAtDistrict: row.at_district,
  };
}

export async function countsByGrid(db: Queryable, w: KpiWindow): Promise<Map<string, KpiCounts>> {
  const query = qb.selectFrom(cohort(w).as('c')).select(['c.grid_code as key', ...COUNTS]).groupBy('c.grid_code');
  // A case not placed yet (sql/010) counts for the district, in no grid.
  return new Map((await rows(db, query)).flatMap((r) => (r.key === null ? [] : [[r.key, toCounts(r)] as const])));
}

/** Per department, the cases dispatched to it (a department's own KPIs: its row only). */
export async function countsByDepartment(db: Queryable, w: KpiWindow): Promise<Map<string, KpiCounts>> {
  let query = qb
    .selectFrom(cohort(w).as('c'))
    .innerJoin('incident_department as d', 'd.incident_id', 'c.id')
    .select(['d.department_code as key', ...COUNTS])
    .groupBy('d.department_code');
  if (w.department) query = query.where('d.department_code', '=', w.department);
  return new Map((await rows(db, query)).map((r) => [r.key, toCounts(r)]));
}

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  streetCode: string;
  communityCode: string | null;
}

/** The area itself (null when unknown) and every current grid inside it, with their parents. One statement after another. */
export async function areaAndGrids(db: Queryable, level: AreaLevel, code: string) {
  const area = level === 'grid'
    ? await first(db, qb.selectFrom('grid').select('name').where('code', '=', code).where('valid_to', 'is', null))
    : await first(db, qb.selectFrom('division').select('name').where('code', '=', code).where('level', '=', level));
  if (!area) return null;
  let grids = qb
    .selectFrom('grid')
    .select(['code', 'name', 'community_code', 'street_code'])
    .where('valid_to', 'is', null)
    .orderBy('code');
  grids = level === 'district' ? grids.where('street_code', 'like', `${code}%`)
    : level === 'street' ? grids.where('street_code', '=', code)
    : level === 'community' ? grids.where('community_code', '=', code)
    : grids.where('code', '=', code);
  const gridRows = await rows(db, grids);
  const children = level === 'grid'
    ? []
    : level === 'community'
      ? await rows(db, qb.selectFrom('grid').select(['code', 'name']).where('community_code', '=', code).where('valid_to', 'is', null).orderBy('code'))
      : await rows(db, qb.selectFrom('division').select(['code', 'name']).where('parent_code', '=', code).orderBy('code'));
  return { name: area.name, grids: gridRows, children };
}

export async function departmentNames(db: Queryable): Promise<Map<string, string>> {
  const departments = await rows(db, qb.selectFrom('department').select(['code', 'name_zh']));
  return new Map(departments.map((r) => [r.code, r.name_zh]));
}
