/**
 * Statistics of a district, street, community or grid from grid_category_count (O(grids ×
 * categories), never a scan of entity): records by domain and category, households and
 * population (the grids' registered figures), area and densities. Codes nest (a grid's code
 * starts with its community's, street's and district's), so the scope is a range of grid codes.
 * The district counts every record, those outside every grid too, and shows them apart.
 */
import type pg from 'pg';

export type StatsLevel = 'district' | 'street' | 'community' | 'grid';

export const DOMAINS = ['resident_population', 'registered_population', 'floating_population', 'legal_entity', 'city_component'] as const;

export interface CategoryCount {
  code: string;
  nameZh: string;
  nameEn: string;
  domain: string;
  count: number;
}

export interface Stats {
  level: StatsLevel;
  code: string;
  name: string;
  grids: number;
  areaKm2: number;
  households: number;
  population: number;
  entities: { total: number; byDomain: Record<string, number>; byCategory: CategoryCount[] };
  density: { entitiesPerKm2: number; populationPerKm2: number; householdsPerKm2: number };
  /** District level only: records outside every current grid (kept and flagged at import). */
  outsideGrid?: { total: number; byCategory: CategoryCount[] };
}

interface CountRow extends CategoryCount {
  outside: number;
}

interface Area {
  name: string;
  area_km2: number;
  grids: number;
  households: number;
  population: number;
}

/** Codes nest and are digits, so the codes under P are the range [P, P || ':'). */
const AREA_SQL = `
WITH target AS (
  SELECT name, area_km2 FROM grid WHERE $1 = 'grid' AND code = $2 AND valid_to IS NULL
  UNION ALL
  SELECT name, area_km2 FROM division WHERE $1 <> 'grid' AND code = $2 AND level = $1
)
SELECT t.name, t.area_km2, count(g.code)::int AS grids,
       coalesce(sum(g.households), 0)::float8 AS households, coalesce(sum(g.population), 0)::float8 AS population
FROM target t LEFT JOIN grid g ON g.valid_to IS NULL AND g.code >= $2 AND g.code < $2 || ':'
GROUP BY t.name, t.area_km2`;

const COUNTS = `
SELECT c.code, c.name_zh AS "nameZh", c.name_en AS "nameEn", c.domain, n.count, n.outside
FROM (%s) n JOIN category c ON c.code = n.category_code
WHERE n.count > 0
ORDER BY c.code`;

/** Counts per category in the current grids under a code (an index range on both tables). */
const SCOPE_COUNTS_SQL = COUNTS.replace('%s', `
  SELECT gc.category_code, sum(gc.n)::float8 AS count, 0 AS outside
  FROM grid g JOIN grid_category_count gc ON gc.grid_code = g.code
  WHERE g.valid_to IS NULL AND g.code >= $1 AND g.code < $1 || ':'
  GROUP BY 1`);

/** Every record (the district), and those outside every current grid: none at import, or a grid since retired. */
const ALL_COUNTS_SQL = COUNTS.replace('%s', `
  SELECT gc.category_code, sum(gc.n)::float8 AS count, coalesce(sum(gc.n) FILTER (WHERE g.code IS NULL), 0)::float8 AS outside
  FROM grid_category_count gc LEFT JOIN grid g ON g.code = gc.grid_code AND g.valid_to IS NULL
  GROUP BY 1`);

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function getStats(pool: pg.Pool, level: StatsLevel, code: string): Promise<Stats | null> {
  const district = level === 'district';
  // One after another: concurrent statements are not safe on the embedded database (pglite-socket).
  const area = await pool.query<Area>(AREA_SQL, [level, code]);
  const a = area.rows[0];
  if (!a) return null;
  const rows = (await (district ? pool.query<CountRow>(ALL_COUNTS_SQL) : pool.query<CountRow>(SCOPE_COUNTS_SQL, [code]))).rows;
  const byCategory: CategoryCount[] = rows.map(({ outside, ...c }) => c);
  const outsideRows: CategoryCount[] = rows.filter((c) => c.outside > 0).map(({ outside, ...c }) => ({ ...c, count: outside }));
  const byDomain: Record<string, number> = Object.fromEntries(DOMAINS.map((d) => [d, 0]));
  for (const c of byCategory) byDomain[c.domain] = (byDomain[c.domain] ?? 0) + c.count;
  const total = byCategory.reduce((sum, c) => sum + c.count, 0);
  const per = (n: number) => (a.area_km2 > 0 ? round(n / a.area_km2, 2) : 0);
  const stats: Stats = {
    level,
    code,
    name: a.name,
    grids: a.grids,
    areaKm2: round(a.area_km2, 4),
    households: a.households,
    population: a.population,
    entities: { total, byDomain, byCategory },
    density: { entitiesPerKm2: per(total), populationPerKm2: per(a.population), householdsPerKm2: per(a.households) },
  };
  if (level === 'district') stats.outsideGrid = { total: outsideRows.reduce((sum, c) => sum + c.count, 0), byCategory: outsideRows };
  return stats;
}
