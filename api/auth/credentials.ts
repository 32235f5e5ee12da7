/**
 * Machine credentials (Open311 api_keys, tracker device tokens): created and revoked by an
 * administrator, shown once at creation, stored as SHA-256.
 */
import type pg from 'pg';
import type { CredentialKind } from './principal.ts';
import { newToken, tokenHash } from './tokens.ts';

export interface Credential {
  id: number;
  kind: CredentialKind;
  name: string;
  hint: string;
  demo: boolean;
  createdAt: string;
  revokedAt: string | null;
}

interface CredentialRow {
  id: string;
  kind: CredentialKind;
  name: string;
  hint: string;
  demo: boolean;
  created_at: Date;
  revoked_at: Date | null;
}

const credentialOf = (row: CredentialRow): Credential => ({
  id: Number(row.id),
  kind: row.kind,
  name: row.name,
  hint: row.hint,
  demo: row.demo,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/** A new credential and its secret (returned this once). `secret` is given only by the demo seed. */
export async function createCredential(
  db: pg.Pool | pg.PoolClient,
  kind: CredentialKind,
  name: string,
  createdBy: number | null,
  secret = newToken(kind),
  demo = false,
): Promise<{ credential: Credential; secret: string }> {
  const { rows } = await db.query<CredentialRow>(
    `INSERT INTO api_credential (kind, name, token_hash, hint, demo, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
    [kind, name, tokenHash(secret), `${secret.slice(0, 8)}…`, demo, createdBy],
  );
  return { credential: credentialOf(rows[0]), secret };
}

export async function listCredentials(db: pg.Pool, kind?: CredentialKind): Promise<Credential[]> {
  const { rows } = await db.query<CredentialRow>(
    'SELECT * FROM api_credential WHERE $1::text IS NULL OR kind = $1 ORDER BY revoked_at IS NOT NULL, kind, name, id',
    [kind ?? null],
  );
  return rows.map(credentialOf);
}

export async function revokeCredential(db: pg.Pool, id: number): Promise<Credential | null> {
  const { rows } = await db.query<CredentialRow>(
    'UPDATE api_credential SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING *',
    [id],
  );
  return rows[0] ? credentialOf(rows[0]) : null;
}

/** The live credential of a kind with this secret, or null. */
export async function credentialBySecret(db: pg.Pool, kind: CredentialKind, secret: string): Promise<{ id: number; name: string } | null> {
  const { rows } = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM api_credential WHERE token_hash = $1 AND kind = $2 AND revoked_at IS NULL',
    [tokenHash(secret), kind],
  );
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name } : null;
}
