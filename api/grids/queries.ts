/** SQL for the current grids: GeoJSON listing and one grid with its parents, staff and statistics. */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { first, qb, rows } from '../db/query.ts';
import type { BBox } from '../http/params.ts';

export interface GridFilter {
  bbox?: BBox;
  street?: string;
  community?: string;
}

export async function gridsGeoJson(db: Queryable, filter: GridFilter): Promise<string> {
  let query = qb
    .selectFrom('grid as g')
    .innerJoin('division as c', 'c.code', 'g.community_code')
    .innerJoin('division as s', 's.code', 'g.street_code')
    .select(sql<string>`json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', g.code,
        'properties', json_build_object('code', g.code, 'name', g.name, 'kind', g.kind,
          'communityCode', g.community_code, 'communityName', c.name,
          'streetCode', g.street_code, 'streetName', s.name,
          'households', g.households, 'population', g.population, 'areaKm2', round(g.area_km2::numeric, 4)),
        'geometry', ST_AsGeoJSON(g.geom, 6)::json) ORDER BY g.code), '[]'::json))::text`.as('fc'))
    .where('g.valid_to', 'is', null);
  if (filter.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filter.bbox;
    query = query.where(sql<boolean>`g.geom && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`);
  }
  if (filter.street) query = query.where('g.street_code', '=', filter.street);
  if (filter.community) query = query.where('g.community_code', '=', filter.community);
  return (await first(db, query))!.fc;
}

export interface NamedCode {
  code: string;
  name: string;
}

export interface GridDetail {
  code: string;
  name: string;
  kind: 'urban' | 'rural';
  households: number;
  population: number;
  areaKm2: number;
  version: number;
  validFrom: Date;
  district: NamedCode;
  street: NamedCode;
  community: NamedCode;
  staff: { role: string; name: string; phone: string | null; fullTime: boolean }[];
  stats: { entities: { total: number; byDomain: Record<string, number> } };
  bbox: [number, number, number, number];
  geometry: unknown;
}

const DOMAINS = ['resident_population', 'registered_population', 'floating_population', 'legal_entity', 'city_component'];

export async function getGrid(db: Queryable, code: string): Promise<GridDetail | null> {
  const grid = await first(db, qb
    .selectFrom('grid as g')
    .innerJoin('division as c', 'c.code', 'g.community_code')
    .innerJoin('division as s', 's.code', 'g.street_code')
    .innerJoin('division as d', 'd.code', 's.parent_code')
    .select([
      'g.code', 'g.name', 'g.kind', 'g.households', 'g.population',
      sql<number>`round(g.area_km2::numeric, 4)::float8`.as('areaKm2'),
      'g.version', 'g.valid_from as validFrom',
      sql<NamedCode>`json_build_object('code', d.code, 'name', d.name)`.as('district'),
      sql<NamedCode>`json_build_object('code', s.code, 'name', s.name)`.as('street'),
      sql<NamedCode>`json_build_object('code', c.code, 'name', c.name)`.as('community'),
      sql<GridDetail['staff']>`coalesce((SELECT json_agg(json_build_object('role', st.role, 'name', st.name, 'phone', st.phone,
                                                        'fullTime', st.full_time) ORDER BY st.id)
                      FROM grid_staff st WHERE st.grid_code = g.code), '[]'::json)`.as('staff'),
      sql<GridDetail['bbox']>`json_build_array(ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom))`.as('bbox'),
      sql<unknown>`ST_AsGeoJSON(g.geom, 6)::json`.as('geometry'),
    ])
    .where('g.code', '=', code)
    .where('g.valid_to', 'is', null));
  if (!grid) return null;
  // From the per-grid counts (api/stats/counts.ts), not a count of the grid's records: a grid
  // of the full district holds some 20,000 of them.
  const counts = await rows(db, qb
    .selectFrom('grid_category_count as n')
    .innerJoin('category as cat', 'cat.code', 'n.category_code')
    .select(['cat.domain', sql<number>`sum(n.n)::int`.as('n')])
    .where('n.grid_code', '=', code)
    .groupBy('cat.domain'));
  const byDomain: Record<string, number> = Object.fromEntries(DOMAINS.map((d) => [d, 0]));
  let total = 0;
  for (const row of counts) {
    byDomain[row.domain] = row.n;
    total += row.n;
  }
  return { ...grid, stats: { entities: { total, byDomain } } };
}
