/**
 * The count of a category in every grid of an area, in one GET /stats/grids; a grid's whole
 * statistics are fetched when it is clicked.
 */
import { gridDatabaseApi } from '../../../grid-database-api.ts';

/** Records of the chosen category by grid code. */
export type GridCounts = Map<string, number>;

export async function loadGridCounts(area: string, category: string, signal: AbortSignal): Promise<GridCounts> {
  const answer = await gridDatabaseApi.gridCounts(area, category || undefined, signal);
  return new Map(answer.items.map((item) => [item.code, item.count]));
}
