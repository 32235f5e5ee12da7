/**
 * A production start refuses the demo's public secrets: accounts whose password is still the
 * demo password, and the demo Open311 key. ALLOW_DEMO_PASSWORDS=true lets a demo run as one.
 */
import type pg from 'pg';
import { DEMO_PASSWORD, verifyPassword } from './password.ts';
import { tokenHash } from './tokens.ts';

/** What is still demo in the database: the accounts with the demo password and live demo keys. */
export async function demoSecretsInUse(pool: pg.Pool): Promise<{ accounts: number; keys: number }> {
  const { rows } = await pool.query<{ password_hash: string; n: number }>(
    'SELECT password_hash, count(*)::int AS n FROM app_user WHERE disabled_at IS NULL GROUP BY password_hash',
  );
  let accounts = 0;
  // Hashes are salted, so each distinct hash is checked; the demo accounts share one.
  for (const row of rows) if (await verifyPassword(DEMO_PASSWORD, row.password_hash)) accounts += row.n;
  const keys = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM api_credential WHERE revoked_at IS NULL AND (demo OR token_hash = $1)`,
    [tokenHash('lianqin-open311-demo')],
  );
  return { accounts, keys: keys.rows[0].n };
}

export async function refuseDemoSecrets(pool: pg.Pool, config: { production: boolean; allowDemoPasswords: boolean }): Promise<void> {
  if (!config.production || config.allowDemoPasswords) return;
  const inUse = await demoSecretsInUse(pool);
  if (inUse.accounts || inUse.keys) {
    throw new Error(
      `refusing a production start: ${inUse.accounts} account(s) still have the demo password and ${inUse.keys} demo Open311 key(s) are live; ` +
      'change or disable them (or set ALLOW_DEMO_PASSWORDS=true for a demo)',
    );
  }
}
