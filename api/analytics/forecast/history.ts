/**
 * The daily counts the forecasts read: per H3 cell of the study area (countByCellAndStep), or per
 * current grid of the area, over the days before an end instant, with the first day on record.
 */
import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { first, qb, rows } from '../../db/query.ts';
import { countByCellAndStep, type Resolution } from '../cells.ts';
import { diskNeighbours, studyCells } from '../coverage.ts';
import { DAY_MS, matchesFilter, type CaseFilter } from '../filters.ts';
import type { DailyCounts } from './method.ts';

export interface History {
  series: DailyCounts;
  /** Ring-1 neighbours of each unit, itself included (a grid: itself only). */
  neighbours: readonly Int32Array[];
  /** Day index → its start. */
  dayStart: (day: number) => Date;
}

/** The first day of `days` days ending at `end` on which cases are on record (the district's first case). */
async function firstDay(db: Queryable, end: Date, days: number): Promise<number> {
  const row = await first(db, qb.selectFrom('incident').select((eb) => eb.fn.min('created_at').as('first')));
  const start = end.getTime() - days * DAY_MS;
  if (!row?.first) return days;
  return Math.min(days, Math.max(0, Math.floor((new Date(row.first).getTime() - start) / DAY_MS)));
}

const dayStartOf = (end: Date, days: number) => (day: number) => new Date(end.getTime() - (days - day) * DAY_MS);

/** Cases per cell of the filter's area and day, for the `days` days before `end`. */
export async function cellHistory(db: Queryable, f: CaseFilter, res: Resolution, end: Date, days: number): Promise<History> {
  const { counts } = await countByCellAndStep(db, f, res, end, DAY_MS, days);
  const units = await studyCells(db, f.area, res, counts.keys());
  return {
    series: { units, days, counts: units.map((cell) => counts.get(cell)), firstDay: await firstDay(db, end, days) },
    neighbours: diskNeighbours(units, 1),
    dayStart: dayStartOf(end, days),
  };
}

export interface GridHistory extends History {
  names: Map<string, string>;
}

/** Cases per current grid of the filter's area and day, for the `days` days before `end`. */
export async function gridHistory(db: Queryable, f: CaseFilter, end: Date, days: number): Promise<GridHistory> {
  const start = new Date(end.getTime() - days * DAY_MS);
  const step = sql<number>`floor(extract(epoch FROM i.created_at - ${start}::timestamptz) * 1000 / ${DAY_MS})::int`;
  const found = await rows(db, qb.selectFrom('incident as i')
    .select(['i.grid_code as code', step.as('day'), sql<number>`count(*)::int`.as('n')])
    .where(matchesFilter(f, { from: start, to: end }))
    .groupBy([sql`1`, sql`2`]));
  const grids = await rows(db, qb.selectFrom('grid').select(['code', 'name'])
    .where('valid_to', 'is', null).where('code', '>=', f.area).where('code', '<', `${f.area}:`).orderBy('code'));
  const names = new Map(grids.map((g) => [g.code, g.name]));
  // Cases of grids redrawn since keep their old code: still the area's, forecast like the others.
  const units = [...new Set([...names.keys(), ...found.map((r) => r.code!).filter(Boolean)])].sort();
  const index = new Map(units.map((u, i) => [u, i]));
  const counts: (Float64Array | undefined)[] = units.map(() => undefined);
  for (const r of found) {
    if (!r.code) continue;
    const i = index.get(r.code)!;
    (counts[i] ??= new Float64Array(days))[r.day] += r.n;
  }
  return {
    series: { units, days, counts, firstDay: await firstDay(db, end, days) },
    neighbours: units.map((_, i) => Int32Array.of(i)),
    dayStart: dayStartOf(end, days),
    names,
  };
}
