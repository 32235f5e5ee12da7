/** SQL for the current grids: GeoJSON listing and one grid with its parents, staff and statistics. */
import type pg from 'pg';
import type { BBox } from '../http/params.ts';

export interface GridFilter {
  bbox?: BBox;
  street?: string;
  community?: string;
}

export async function gridsGeoJson(pool: pg.Pool, filter: GridFilter): Promise<string> {
  const params: unknown[] = [];
  const clauses = ['g.valid_to IS NULL'];
  if (filter.bbox) clauses.push(`g.geom && ST_MakeEnvelope($${params.push(filter.bbox[0])}, $${params.push(filter.bbox[1])}, $${params.push(filter.bbox[2])}, $${params.push(filter.bbox[3])}, 4326)`);
  if (filter.street) clauses.push(`g.street_code = $${params.push(filter.street)}`);
  if (filter.community) clauses.push(`g.community_code = $${params.push(filter.community)}`);
  const { rows } = await pool.query<{ fc: string }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'id', g.code,
        'properties', json_build_object('code', g.code, 'name', g.name, 'kind', g.kind,
          'communityCode', g.community_code, 'communityName', c.name,
          'streetCode', g.street_code, 'streetName', s.name,
          'households', g.households, 'population', g.population, 'areaKm2', round(g.area_km2::numeric, 4)),
        'geometry', ST_AsGeoJSON(g.geom, 6)::json) ORDER BY g.code), '[]'::json))::text AS fc
     FROM grid g JOIN division c ON c.code = g.community_code JOIN division s ON s.code = g.street_code
     WHERE ${clauses.join(' AND ')}`,
    params,
  );
  return rows[0].fc;
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
  validFrom: string;
  district: NamedCode;
  street: NamedCode;
  community: NamedCode;
  staff: { role: string; name: string; phone: string | null; fullTime: boolean }[];
  stats: { entities: { total: number; byDomain: Record<string, number> } };
  bbox: [number, number, number, number];
  geometry: unknown;
}

const DOMAINS = ['resident_population', 'registered_population', 'floating_population', 'legal_entity', 'city_component'];

export async function getGrid(pool: pg.Pool, code: string): Promise<GridDetail | null> {
  const { rows } = await pool.query<Omit<GridDetail, 'stats'>>(
    `SELECT g.code, g.name, g.kind, g.households, g.population, round(g.area_km2::numeric, 4)::float8 AS "areaKm2",
            g.version, g.valid_from AS "validFrom",
            json_build_object('code', d.code, 'name', d.name) AS district,
            json_build_object('code', s.code, 'name', s.name) AS street,
            json_build_object('code', c.code, 'name', c.name) AS community,
            coalesce((SELECT json_agg(json_build_object('role', st.role, 'name', st.name, 'phone', st.phone,
                                                        'fullTime', st.full_time) ORDER BY st.id)
                      FROM grid_staff st WHERE st.grid_code = g.code), '[]'::json) AS staff,
            json_build_array(ST_XMin(g.geom), ST_YMin(g.geom), ST_XMax(g.geom), ST_YMax(g.geom)) AS bbox,
            ST_AsGeoJSON(g.geom, 6)::json AS geometry
     FROM grid g
     JOIN division c ON c.code = g.community_code
     JOIN division s ON s.code = g.street_code
     JOIN division d ON d.code = s.parent_code
     WHERE g.code = $1 AND g.valid_to IS NULL`,
    [code],
  );
  if (!rows[0]) return null;
  // From the per-grid counts (api/stats/counts.ts), not a count of the grid's records: a grid
  // of the full district holds some 20,000 of them.
  const counts = await pool.query<{ domain: string; n: number }>(
    `SELECT cat.domain, sum(n.n)::int AS n
     FROM grid_category_count n JOIN category cat ON cat.code = n.category_code
     WHERE n.grid_code = $1 GROUP BY cat.domain`,
    [code],
  );
  const byDomain = Object.fromEntries(DOMAINS.map((d) => [d, 0]));
  let total = 0;
  for (const row of counts.rows) {
    byDomain[row.domain] = row.n;
    total += row.n;
  }
  return { ...rows[0], stats: { entities: { total, byDomain } } };
}
