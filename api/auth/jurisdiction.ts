/** Names of jurisdictions (a division or a current grid), for people to read. */
import type pg from 'pg';

export async function jurisdictionName(pool: pg.Pool, code: string): Promise<string | null> {
  const { rows } = await pool.query<{ name: string }>(
    code.length === 15
      ? 'SELECT name FROM grid WHERE code = $1 AND valid_to IS NULL'
      : 'SELECT name FROM division WHERE code = $1',
    [code],
  );
  return rows[0]?.name ?? null;
}

/** Whether a code names a division or a current grid. */
export async function jurisdictionExists(pool: pg.Pool, code: string): Promise<boolean> {
  return (await jurisdictionName(pool, code)) !== null;
}
