/**
 * Who is asking: `Authorization: Bearer <token>` (a session token, or a tracker / Open311
 * credential), else the session cookie of the web pages, else nobody. A bearer token that is
 * not valid is refused (401) rather than taken as anonymous, so a client notices its expiry.
 * Cookie sessions are SameSite=Strict, and a cookie-authenticated write from another origin is
 * refused (403): the cookie cannot be used from someone else's page.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type pg from 'pg';
import { unauthorized, forbidden } from './access.ts';
import { credentialBySecret } from './credentials.ts';
import { ANONYMOUS, type Principal } from './principal.ts';
import type { SessionStore } from './sessions.ts';
import { tokenKind } from './tokens.ts';

export const SESSION_COOKIE = 'lianqin_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const match = /^Bearer\s+([\x21-\x7e]{1,512})\s*$/i.exec(header);
  if (!match) throw unauthorized('the Authorization header must be "Bearer <token>"');
  return match[1];
}

async function bearerPrincipal(pool: pg.Pool, sessions: SessionStore, token: string): Promise<Principal | null> {
  const kind = tokenKind(token);
  if (kind === 'session') return sessions.principal(token);
  if (kind === 'open311' || kind === 'tracker') {
    const credential = await credentialBySecret(pool, kind, token);
    return credential ? { kind: 'credential', credential: { ...credential, kind } } : null;
  }
  return null;
}

/** The Origin's host against the Host header (scheme aside: a TLS proxy in front changes it). */
function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function authenticate(pool: pg.Pool, sessions: SessionStore): MiddlewareHandler {
  return async (c, next) => {
    const bearer = bearerToken(c);
    if (bearer) {
      // Most requests carry a session checked moments ago: answered from the cache without a promise.
      const known = sessions.cached(bearer);
      const principal = known !== undefined ? known : await bearerPrincipal(pool, sessions, bearer);
      if (!principal) throw unauthorized('the bearer token is unknown, expired or revoked; sign in again');
      c.set('principal', principal);
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    const principal = cookie ? await sessions.principal(cookie) : null;
    if (principal && !SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin && !sameHost(origin, c.req.header('host'))) throw forbidden('a signed-in write must come from this site’s own pages');
    }
    c.set('principal', principal ?? ANONYMOUS);
    return next();
  };
}
