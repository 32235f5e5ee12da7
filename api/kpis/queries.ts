/**
 * SQL of the KPIs: counts per grid and per department of the cases registered in a period.
 * The KPIs are the incidents domain's analytics: they read its tables, and never write them.
 */
import type pg from 'pg';
import type { KpiCounts } from './formulas.ts';

export type AreaLevel = 'district' | 'street' | 'community' | 'grid';

export interface KpiWindow {
  level: AreaLevel;
  code: string;
  from: Date;
  to: Date;
  /** When open cases are judged: closed by then, past due by then. */
  asOf: Date;
}

const SCOPE: Record<AreaLevel, string> = {
  district: `i.street_code LIKE $1 || '%'`,
  street: 'i.street_code = $1',
  community: 'i.community_code = $1',
  grid: 'i.grid_code = $1',
};

/** One row per case of the window with its KPI flags; grouped by the caller's key. */
const cohort = (level: AreaLevel) => `
  SELECT i.id, i.grid_code,
         (i.closed_at IS NOT NULL AND i.closed_at <= $4) AS closed,
         (i.status = 'suspended') AS suspended,
         (i.closed_at IS NOT NULL AND i.closed_at <= $4) OR i.status = 'suspended' OR i.due_at <= $4 AS due,
         (i.closed_at IS NOT NULL AND i.closed_at <= $4 AND i.closed_on_time) AS on_time,
         i.rework_count > 0 AS reworked,
         i.extension_count > 0 AS extended,
         extract(epoch FROM i.closed_at - i.created_at) / 3600 AS hours,
         i.closed_level
  FROM incident i
  WHERE ${SCOPE[level]} AND i.registered_at >= $2 AND i.registered_at < $3`;

const COUNTS = `count(*)::int AS registered,
  count(*) FILTER (WHERE c.closed)::int AS closed,
  count(*) FILTER (WHERE c.due)::int AS due,
  count(*) FILTER (WHERE c.suspended)::int AS suspended,
  count(*) FILTER (WHERE c.on_time)::int AS on_time,
  count(*) FILTER (WHERE c.reworked)::int AS reworked,
  count(*) FILTER (WHERE c.extended)::int AS extended,
  coalesce(sum(c.hours) FILTER (WHERE c.closed), 0)::float8 AS hours,
  count(*) FILTER (WHERE c.closed AND c.closed_level = 'grid')::int AS at_grid,
  count(*) FILTER (WHERE c.closed AND c.closed_level = 'street')::int AS at_street,
  count(*) FILTER (WHERE c.closed AND c.closed_level = 'district')::int AS at_district`;

function toCounts(row: Record<string, number>): KpiCounts {
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

const params = (w: KpiWindow) => [w.code, w.from, w.to, w.asOf];

export async function countsByGrid(pool: pg.Pool, w: KpiWindow): Promise<Map<string, KpiCounts>> {
  const { rows } = await pool.query(`SELECT c.grid_code AS key, ${COUNTS} FROM (${cohort(w.level)}) c GROUP BY c.grid_code`, params(w));
  return new Map(rows.map((r) => [r.key, toCounts(r)]));
}

export async function countsByDepartment(pool: pg.Pool, w: KpiWindow): Promise<Map<string, KpiCounts>> {
  const { rows } = await pool.query(
    `SELECT d.department_code AS key, ${COUNTS}
     FROM (${cohort(w.level)}) c JOIN incident_department d ON d.incident_id = c.id
     GROUP BY d.department_code`,
    params(w),
  );
  return new Map(rows.map((r) => [r.key, toCounts(r)]));
}

export interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  streetCode: string;
  communityCode: string | null;
}

/** The area itself (null when unknown) and every current grid inside it, with their parents. */
export async function areaAndGrids(pool: pg.Pool, level: AreaLevel, code: string) {
  const area = level === 'grid'
    ? await pool.query<{ name: string }>('SELECT name FROM grid WHERE code = $1 AND valid_to IS NULL', [code])
    : await pool.query<{ name: string }>('SELECT name FROM division WHERE code = $1 AND level = $2', [code, level]);
  if (!area.rows[0]) return null;
  const grids = await pool.query<{ code: string; name: string; community_code: string; street_code: string }>(
    `SELECT code, name, community_code, street_code FROM grid
     WHERE valid_to IS NULL AND ${level === 'district' ? `street_code LIKE $1 || '%'` : `${level === 'grid' ? 'code' : `${level}_code`} = $1`}
     ORDER BY code`,
    [code],
  );
  const children = level === 'grid'
    ? []
    : (await pool.query<{ code: string; name: string }>(
        level === 'community' ? 'SELECT code, name FROM grid WHERE community_code = $1 AND valid_to IS NULL ORDER BY code'
          : 'SELECT code, name FROM division WHERE parent_code = $1 ORDER BY code',
        [code],
      )).rows;
  return { name: area.rows[0].name, grids: grids.rows, children };
}

export async function departmentNames(pool: pg.Pool): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM department');
  return new Map(rows.map((r) => [r.code, r.name_zh]));
}
