/**
 * The statistics of every grid of an area, one GET /stats?level=grid per grid, a few at a time.
 * The API has no per-grid breakdown of an area in one answer; each grid's answer carries all
 * its categories, so switching category needs no new requests.
 */
import { gridDatabaseApi, type StatsView } from '../../../grid-database-api.ts';

/** Requests in flight at once: enough to hide the round trips, few enough for the embedded database. */
const CONCURRENCY = 4;

export type GridStats = Map<string, StatsView>;

/** Loads each grid's statistics, calling `onProgress` with how many are done; stops early when aborted. */
export async function loadGridStats(codes: string[], signal: AbortSignal, onProgress: (done: number) => void): Promise<GridStats> {
  const stats: GridStats = new Map();
  let next = 0;
  const worker = async () => {
    while (next < codes.length && !signal.aborted) {
      const code = codes[next++];
      stats.set(code, await gridDatabaseApi.stats('grid', code, signal));
      onProgress(stats.size);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, codes.length) }, worker));
  return stats;
}

/** A grid's count of one category (0 when the grid has none). */
export function countOf(stats: StatsView | undefined, category: string): number | null {
  if (!stats) return null;
  return stats.entities.byCategory.find((c) => c.code === category)?.count ?? 0;
}
