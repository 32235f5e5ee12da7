/**
 * grid_category_count: records per grid and category, so statistics cost O(grids × categories)
 * instead of a scan of millions of entity rows. Imports apply their changes as deltas inside
 * their merge transaction; a bulk load (the seed) rebuilds the table once at the end.
 */
import type pg from 'pg';

/** grid_code of records outside every grid. */
export const OUTSIDE_GRID = '';

/** Changes of counts keyed by `${grid}\t${category}` (grid '' = outside every grid). */
export class CountDeltas {
  private readonly deltas = new Map<string, number>();

  add(grid: string | null, category: string, n: number): void {
    if (n === 0) return;
    const key = `${grid ?? OUTSIDE_GRID}\t${category}`;
    this.deltas.set(key, (this.deltas.get(key) ?? 0) + n);
  }

  get size(): number {
    return this.deltas.size;
  }

  /** As rows of { grid (null: outside every grid), category, n }. */
  rows(): { grid: string | null; category: string; n: number }[] {
    return this.entries().map(([grid, category, n]) => ({ grid: grid === OUTSIDE_GRID ? null : grid, category, n }));
  }

  entries(): [grid: string, category: string, n: number][] {
    return [...this.deltas].filter(([, n]) => n !== 0).map(([key, n]) => {
      const [grid, category] = key.split('\t');
      return [grid, category, n];
    });
  }
}

/** Applies the deltas (call inside the transaction that changed entity). */
export async function applyCountDeltas(client: pg.ClientBase, deltas: CountDeltas): Promise<void> {
  const entries = deltas.entries();
  if (entries.length === 0) return;
  // UPDATE, then INSERT what was not there: with the table's free space (fillfactor) the
  // updates are HOT, and neither statement probes the index per row as ON CONFLICT does.
  // Callers hold MERGE_LOCK or replace the whole table, so no other writer adds a row between.
  const { rows } = await client.query<{ grid_code: string; category_code: string }>(
    `UPDATE grid_category_count c SET n = c.n + d.n
     FROM unnest($1::text[], $2::text[], $3::bigint[]) AS d(grid_code, category_code, n)
     WHERE c.grid_code = d.grid_code AND c.category_code = d.category_code
     RETURNING c.grid_code, c.category_code`,
    [entries.map((e) => e[0]), entries.map((e) => e[1]), entries.map((e) => e[2])],
  );
  const updated = new Set(rows.map((r) => `${r.grid_code}\t${r.category_code}`));
  const added = entries.filter(([grid, category]) => !updated.has(`${grid}\t${category}`));
  if (added.length > 0) {
    await client.query(
      `INSERT INTO grid_category_count (grid_code, category_code, n)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])`,
      [added.map((e) => e[0]), added.map((e) => e[1]), added.map((e) => e[2])],
    );
  }
  if (entries.some((e) => e[2] < 0)) await client.query('DELETE FROM grid_category_count WHERE n = 0');
}

/** Recounts everything from entity (after a bulk load that bypassed the imports). */
export async function rebuildStats(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM grid_category_count');
    await client.query(
      `INSERT INTO grid_category_count (grid_code, category_code, n)
       SELECT coalesce(grid_code, ''), category_code, count(*) FROM entity GROUP BY 1, 2`,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
