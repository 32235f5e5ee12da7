/** SQL for divisions: the district, its streets (and special zones) and communities. */
import type pg from 'pg';

export type DivisionLevel = 'district' | 'street' | 'community';

export interface DivisionFilter {
  level?: DivisionLevel;
  parent?: string;
}

export interface Division {
  code: string;
  name: string;
  level: DivisionLevel;
  kind: string;
  parentCode: string | null;
  areaKm2: number;
}

const COLUMNS = `code, name, level, kind, parent_code AS "parentCode", round(area_km2::numeric, 3)::float8 AS "areaKm2"`;

function where(filter: DivisionFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const clauses: string[] = [];
  if (filter.level) clauses.push(`level = $${params.push(filter.level)}`);
  if (filter.parent) clauses.push(`parent_code = $${params.push(filter.parent)}`);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export async function listDivisions(pool: pg.Pool, filter: DivisionFilter): Promise<Division[]> {
  const w = where(filter);
  const { rows } = await pool.query<Division>(`SELECT ${COLUMNS} FROM division ${w.sql} ORDER BY code`, w.params);
  return rows;
}

/** The same divisions as a GeoJSON FeatureCollection text, built in the database. */
export async function divisionsGeoJson(pool: pg.Pool, filter: DivisionFilter): Promise<string> {
  const w = where(filter);
  const { rows } = await pool.query<{ fc: string }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', code,
        'properties', json_build_object('code', code, 'name', name, 'level', level, 'kind', kind,
                                        'parentCode', parent_code, 'areaKm2', round(area_km2::numeric, 3)),
        'geometry', ST_AsGeoJSON(geom, 6)::json) ORDER BY code), '[]'::json))::text AS fc
     FROM division ${w.sql}`,
    w.params,
  );
  return rows[0].fc;
}

export interface DivisionDetail extends Division {
  geometry: unknown;
  bbox: [number, number, number, number];
  children: { code: string; name: string; kind: string }[];
}

export async function getDivision(pool: pg.Pool, code: string): Promise<DivisionDetail | null> {
  const { rows } = await pool.query<DivisionDetail>(
    `SELECT ${COLUMNS}, ST_AsGeoJSON(geom, 6)::json AS geometry,
            json_build_array(ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom)) AS bbox,
            coalesce((SELECT json_agg(json_build_object('code', c.code, 'name', c.name, 'kind', c.kind) ORDER BY c.code)
                      FROM division c WHERE c.parent_code = d.code),
                     (SELECT json_agg(json_build_object('code', g.code, 'name', g.name, 'kind', g.kind) ORDER BY g.code)
                      FROM grid g WHERE g.community_code = d.code AND g.valid_to IS NULL),
                     '[]'::json) AS children
     FROM division d WHERE code = $1`,
    [code],
  );
  return rows[0] ?? null;
}
