/**
 * Sessions: a random token given to the client (cookie and body), known to the database by its
 * hash; they expire and can be revoked. Checked on every request, so the answer for a token is
 * kept in memory for a few seconds (SESSION_CACHE_MS): a revocation made on this server is
 * seen at once, one made on another server within that time. The cache is keyed by the token
 * itself, which the process holds anyway while it answers: a request that finds its session
 * there is answered without hashing (`cached`), and the database only ever sees the hash.
 */
import type pg from 'pg';
import type { Principal, User } from './principal.ts';
import { newToken, tokenHash } from './tokens.ts';
import { userOfRow, type UserRow } from './users.ts';

const SESSION_CACHE_MS = 10_000;
const CACHE_MAX = 10_000;

export interface NewSession {
  token: string;
  id: number;
  expiresAt: Date;
}

export async function createSession(db: pg.Pool, user: User, hours: number): Promise<NewSession> {
  const token = newToken('session');
  const { rows } = await db.query<{ id: string; expires_at: Date }>(
    `INSERT INTO app_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))
     RETURNING id, expires_at`,
    [tokenHash(token), user.id, hours],
  );
  return { token, id: Number(rows[0].id), expiresAt: rows[0].expires_at };
}

interface Cached {
  principal: Principal | null;
  until: number;
}

export class SessionStore {
  private cache = new Map<string, Cached>();

  constructor(private readonly pool: pg.Pool) {}

  /** The answer for a token checked within the last few seconds, without waiting: undefined when there is none. */
  cached(token: string, now = Date.now()): Principal | null | undefined {
    const cached = this.cache.get(token);
    return cached && cached.until > now ? cached.principal : undefined;
  }

  /** The signed-in user of a session token, or null when it is unknown, expired, revoked or its account disabled. */
  async principal(token: string): Promise<Principal | null> {
    const now = Date.now();
    const known = this.cached(token, now);
    if (known !== undefined) return known;
    const hash = tokenHash(token);
    const { rows } = await this.pool.query<UserRow & { session_id: string; expires_at: Date }>(
      `SELECT u.*, s.id AS session_id, s.expires_at FROM app_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.disabled_at IS NULL`,
      [hash],
    );
    const row = rows[0];
    const principal: Principal | null = row ? { kind: 'user', user: userOfRow(row), sessionId: Number(row.session_id) } : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    const until = row ? Math.min(now + SESSION_CACHE_MS, row.expires_at.getTime()) : now + SESSION_CACHE_MS;
    this.cache.set(token, { principal, until });
    return principal;
  }

  async revoke(sessionId: number): Promise<void> {
    await this.pool.query('UPDATE app_session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
    this.forget();
  }

  /** Every session of an account (an administrator disabling it, a password change). */
  async revokeAllOf(userId: number): Promise<number> {
    const { rowCount } = await this.pool.query('UPDATE app_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    this.forget();
    return rowCount ?? 0;
  }

  /** Revocations are rare: drop the whole cache rather than index it by session. */
  forget(): void {
    this.cache.clear();
  }
}
