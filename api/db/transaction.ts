/**
 * Runs `work` in one transaction on one pooled client: COMMIT on success, ROLLBACK on any error.
 * `begin` opens it (a scoped transaction also sets its role and settings there, api/auth/scope.ts).
 */
import type pg from 'pg';

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
