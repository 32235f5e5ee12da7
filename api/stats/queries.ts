/**
 * Statistics of a district, street, community or grid from grid_category_count (O(grids ×
 * categories), never a scan of entity): records by domain and category, households and
 * population (the grids' registered figures), area and densities. Codes nest (a grid's code
 * starts with its community's, street's and district's), so the scope is a range of grid codes.
 * The district counts every record, those outside every grid too, and shows them apart.
 */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { first, qb, rows } from '../db/query.ts';

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

/** Codes nest and are digits, so the codes under P are the range [P, P || ':'). */
const under = (code: string) => [code, `${code}:`] as const;

/** The area (a grid or a division of the level) with the sums of its current grids; none when unknown. */
function areaQuery(level: StatsLevel, code: string) {
  const [low, high] = under(code);
  return qb
    .with('target', (db) => level === 'grid'
      ? db.selectFrom('grid').select(['name', 'area_km2']).where('code', '=', code).where('valid_to', 'is', null)
      : db.selectFrom('division').select(['name', 'area_km2']).where('code', '=', code).where('level', '=', level))
    .selectFrom('target as t')
    .leftJoin('grid as g', (join) => join.on('g.valid_to', 'is', null).on('g.code', '>=', low).on('g.code', '<', high))
    .select([
      't.name', 't.area_km2',
      sql<number>`count(g.code)::int`.as('grids'),
      sql<number>`coalesce(sum(g.households), 0)::float8`.as('households'),
      sql<number>`coalesce(sum(g.population), 0)::float8`.as('population'),
    ])
    .groupBy(['t.name', 't.area_km2']);
}

/** Counts per category in the current grids under a code (an index range on both tables). */
function scopeCounts(code: string) {
  const [low, high] = under(code);
  return qb
    .selectFrom('grid as g')
    .innerJoin('grid_category_count as gc', 'gc.grid_code', 'g.code')
    .select(['gc.category_code', sql<number>`sum(gc.n)::float8`.as('count'), sql<number>`0`.as('outside')])
    .where('g.valid_to', 'is', null)
    .where('g.code', '>=', low)
    .where('g.code', '<', high)
    .groupBy('gc.category_code');
}

/** Every record (the district), and those outside every current grid: none at import, or a grid since retired. */
function allCounts() {
  return qb
    .selectFrom('grid_category_count as gc')
    .leftJoin('grid as g', (join) => join.onRef('g.code', '=', 'gc.grid_code').on('g.valid_to', 'is', null))
    .select([
      'gc.category_code',
      sql<number>`sum(gc.n)::float8`.as('count'),
      sql<number>`coalesce(sum(gc.n) FILTER (WHERE g.code IS NULL), 0)::float8`.as('outside'),
    ])
    .groupBy('gc.category_code');
}

/** The categories of counts, named, those with records only, in code order. */
function countsByCategory(counts: ReturnType<typeof scopeCounts> | ReturnType<typeof allCounts>) {
  return qb
    .selectFrom(counts.as('n'))
    .innerJoin('category as c', 'c.code', 'n.category_code')
    .select(['c.code', 'c.name_zh as nameZh', 'c.name_en as nameEn', 'c.domain', 'n.count', 'n.outside'])
    .where('n.count', '>', 0)
    .orderBy('c.code');
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function getStats(db: Queryable, level: StatsLevel, code: string): Promise<Stats | null> {
  // One after another: concurrent statements are not safe on the embedded database (pglite-socket).
  const a = await first(db, areaQuery(level, code));
  if (!a) return null;
  const counts = await rows(db, countsByCategory(level === 'district' ? allCounts() : scopeCounts(code)));
  const byCategory: CategoryCount[] = counts.map(({ outside, ...c }) => c);
  const outsideRows: CategoryCount[] = counts.filter((c) => c.outside > 0).map(({ outside, ...c }) => ({ ...c, count: outside }));
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

export interface GridCount {
  code: string;
  name: string;
  households: number;
  population: number;
  areaKm2: number;
  /** Records of the category (all categories when none is given) in the grid. */
  count: number;
}

/** Every current grid under `code` with its record count, in one statement (the statistics map). */
export async function gridCounts(db: Queryable, code: string, category?: string): Promise<GridCount[]> {
  const [low, high] = under(code);
  return rows(db, qb
    .selectFrom('grid as g')
    .leftJoin('grid_category_count as gc', (join) => {
      const onGrid = join.onRef('gc.grid_code', '=', 'g.code');
      return category === undefined ? onGrid : onGrid.on('gc.category_code', '=', category);
    })
    .select([
      'g.code', 'g.name', 'g.households', 'g.population',
      sql<number>`round(g.area_km2::numeric, 4)::float8`.as('areaKm2'),
      sql<number>`coalesce(sum(gc.n), 0)::float8`.as('count'),
    ])
    .where('g.valid_to', 'is', null)
    .where('g.code', '>=', low)
    .where('g.code', '<', high)
    .groupBy(['g.code', 'g.name', 'g.households', 'g.population', 'g.area_km2'])
    .orderBy('g.code'));
}
