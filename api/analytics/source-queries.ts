/**
 * What the cross-source comparison reads: cases per grid and source in the filter's window, and
 * each grid's population from the grid database (its records of permanent residents, 常住人口),
 * or the grid's registered figure when the grid database holds no such records for the area.
 */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { qb, rows } from '../db/query.ts';
import type { Source } from '../incidents/model.ts';
import { matchesFilter, type CaseFilter } from './filters.ts';

/** The grid-database category of everyone living in a grid (seeds/pukou/grid-database/population-categories.ts). */
export const RESIDENTS_CATEGORY = 'RP01';

export type PopulationSource = 'grid_database' | 'grid_register';

export interface AreaGrid {
  code: string;
  name: string;
  /** Permanent residents recorded in the grid database; null when it has none for the area. */
  residents: number | null;
  /** The grid's registered population (grid.population). */
  registered: number;
}

const under = (code: string) => [code, `${code}:`] as const;

/** The area's current grids, in code order, with both population figures. */
export async function areaGrids(db: Queryable, area: string): Promise<AreaGrid[]> {
  const [low, high] = under(area);
  const found = await rows(db, qb.selectFrom('grid as g')
    .leftJoin('grid_category_count as gc', (join) => join.onRef('gc.grid_code', '=', 'g.code').on('gc.category_code', '=', RESIDENTS_CATEGORY))
    .select(['g.code', 'g.name', sql<number>`g.population::float8`.as('registered'), sql<number | null>`gc.n::float8`.as('residents')])
    .where('g.valid_to', 'is', null)
    .where('g.code', '>=', low)
    .where('g.code', '<', high)
    .orderBy('g.code'));
  return found;
}

/** Cases per grid and source in the filter's window (sources filter ignored: every source is compared). */
/** (The area's range on grid_code leaves out address-only cases, which have none.) */
export async function countsByGridAndSource(db: Queryable, f: CaseFilter): Promise<Map<string, Map<Source, number>>> {
  const found = await rows(db, qb.selectFrom('incident as i')
    .select([sql<string>`i.grid_code`.as('grid_code'), 'i.source', sql<number>`count(*)::int`.as('n')])
    .where(matchesFilter({ ...f, sources: [] }))
    .groupBy(['i.grid_code', 'i.source']));
  const counts = new Map<string, Map<Source, number>>();
  for (const r of found) {
    let grid = counts.get(r.grid_code);
    if (!grid) counts.set(r.grid_code, (grid = new Map()));
    grid.set(r.source as Source, r.n);
  }
  return counts;
}
