/**
 * Counts of cases per H3 cell, the input of every analysis. The cell of a case is stored at
 * resolution 10 (incident.h3_r10, sql/011); coarser cells are h3_parent(h3_r10, res) in SQL, so
 * one GROUP BY answers at any resolution. A case's cell at a coarser resolution is thus the parent
 * of its resolution-10 cell (h3-js cellToParent), which near a cell's edge can differ from
 * latLngToCell at that resolution: H3 children do not nest exactly. Cells come back as h3-js
 * index strings.
 */
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { qb, rows } from '../db/query.ts';
import { inTransaction } from '../db/transaction.ts';
import { matchesFilter, type CaseFilter } from './filters.ts';

/** H3 resolutions the analyses offer: r7 (~5 km²) to r10 (~0.015 km²). */
export const RESOLUTIONS = [7, 8, 9, 10] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

const cellAt = (res: Resolution) => (res === 10 ? sql<string>`i.h3_r10` : sql<string>`h3_parent(i.h3_r10, ${sql.lit(res)})`);

/** A bigint cell (decimal text from SQL) as the h3-js index string. */
export const cellIndex = (decimal: string) => BigInt(decimal).toString(16);

/**
 * Runs a count in one process, without parallel workers. On two cores the workers and their
 * partial aggregates cost more than they save: a year of 1M cases per r9 cell took 376 ms in
 * parallel and 284 ms in one process, the same per cell and week 796 against 502 ms (medians of
 * 6 rounds alternating, quiet machine). On a pool the setting lasts one transaction; on a
 * client, the transaction the caller holds.
 */
async function inOneProcess<T>(db: Queryable, count: (db: Queryable) => Promise<T>): Promise<T> {
  if ('release' in db) return db.query(ONE_PROCESS).then(() => count(db));
  return inTransaction(db, count, `BEGIN; ${ONE_PROCESS}`);
}

const ONE_PROCESS = 'SET LOCAL max_parallel_workers_per_gather = 0';

/** Cases per cell in the filter's window. */
export async function countByCell(db: Queryable, f: CaseFilter, res: Resolution): Promise<Map<string, number>> {
  const cell = cellAt(res);
  const found = await inOneProcess(db, (client) => rows(client, qb.selectFrom('incident as i')
    .select([sql<string>`${cell}`.as('cell'), sql<number>`count(*)::int`.as('n')])
    .where(matchesFilter(f))
    .groupBy(sql`1`)));
  return new Map(found.map((r) => [cellIndex(r.cell), r.n]));
}

export interface CellSeries {
  /** Start of each step; the last step ends at `end`. */
  starts: Date[];
  end: Date;
  /** Cases per cell and step: counts.get(cell)[step]. */
  counts: Map<string, Float64Array>;
}

/**
 * Cases per cell in each of `steps` consecutive steps of `stepMs` ending at `end` (the filter's
 * own window is replaced by the steps').
 */
export async function countByCellAndStep(db: Queryable, f: CaseFilter, res: Resolution, end: Date, stepMs: number, steps: number): Promise<CellSeries> {
  const start = new Date(end.getTime() - steps * stepMs);
  const cell = cellAt(res);
  // date_bin and a bigint key: half the time of extract(epoch …) (numeric) and a text key over 1M cases
  const bin = sql<Date>`date_bin(${`${stepMs} milliseconds`}::interval, i.created_at, ${start}::timestamptz)`;
  const found = await inOneProcess(db, (client) => rows(client, qb.selectFrom('incident as i')
    .select([sql<string>`${cell}`.as('cell'), bin.as('bin'), sql<number>`count(*)::int`.as('n')])
    .where(matchesFilter(f, { from: start, to: end }))
    // by position: the bin expression's parameters would not match a repeated expression
    .groupBy([sql`1`, sql`2`])));
  const counts = new Map<string, Float64Array>();
  for (const r of found) {
    const key = cellIndex(r.cell);
    let series = counts.get(key);
    if (!series) counts.set(key, (series = new Float64Array(steps)));
    series[Math.round((r.bin.getTime() - start.getTime()) / stepMs)] += r.n;
  }
  return { starts: Array.from({ length: steps }, (_, i) => new Date(start.getTime() + i * stepMs)), end, counts };
}
