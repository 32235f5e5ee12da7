/** SQL for divisions: the district, its streets (and special zones) and communities. */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { first, qb, rows } from '../db/query.ts';
import type { Tables } from '../db/tables.ts';

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

type FromDivision = SelectQueryBuilder<Tables, 'division', object>;

/** The divisions of a filter (no ordering or columns yet). */
function filtered(filter: DivisionFilter) {
  let query: FromDivision = qb.selectFrom('division');
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.parent) query = query.where('parent_code', '=', filter.parent);
  return query;
}

const columns = (query: FromDivision) =>
  query.select([
    'code', 'name', 'level', 'kind', 'parent_code as parentCode',
    sql<number>`round(area_km2::numeric, 3)::float8`.as('areaKm2'),
  ]);

export async function listDivisions(db: Queryable, filter: DivisionFilter): Promise<Division[]> {
  return rows(db, columns(filtered(filter)).orderBy('code'));
}

/** The same divisions as a GeoJSON FeatureCollection text, built in the database. */
export async function divisionsGeoJson(db: Queryable, filter: DivisionFilter): Promise<string> {
  const row = await first(db, filtered(filter).select(sql<string>`json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', code,
        'properties', json_build_object('code', code, 'name', name, 'level', level, 'kind', kind,
                                        'parentCode', parent_code, 'areaKm2', round(area_km2::numeric, 3)),
        'geometry', ST_AsGeoJSON(geom, 6)::json) ORDER BY code), '[]'::json))::text`.as('fc')));
  return row!.fc;
}

export interface DivisionDetail extends Division {
  geometry: unknown;
  bbox: [number, number, number, number];
  children: { code: string; name: string; kind: string }[];
}

export async function getDivision(db: Queryable, code: string): Promise<DivisionDetail | null> {
  const query = columns(qb.selectFrom('division'))
    .select([
      sql<unknown>`ST_AsGeoJSON(geom, 6)::json`.as('geometry'),
      sql<DivisionDetail['bbox']>`json_build_array(ST_XMin(geom), ST_YMin(geom), ST_XMax(geom), ST_YMax(geom))`.as('bbox'),
      // A street's or the district's children are divisions; a community's are its current grids.
      sql<DivisionDetail['children']>`coalesce(
        (SELECT json_agg(json_build_object('code', c.code, 'name', c.name, 'kind', c.kind) ORDER BY c.code)
         FROM division c WHERE c.parent_code = division.code),
        (SELECT json_agg(json_build_object('code', g.code, 'name', g.name, 'kind', g.kind) ORDER BY g.code)
         FROM grid g WHERE g.community_code = division.code AND g.valid_to IS NULL),
        '[]'::json)`.as('children'),
    ])
    .where('code', '=', code);
  return (await first(db, query)) ?? null;
}

/** The code of the district loaded (the first, should there be more), or null when none is. */
export async function districtCode(db: Queryable): Promise<string | null> {
  const row = await first(db, qb.selectFrom('division').select('code').where('level', '=', 'district').orderBy('code').limit(1));
  return row?.code ?? null;
}
