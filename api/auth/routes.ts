/**
 * /auth: sign in (a session as an HttpOnly cookie for the web pages and a bearer token in the
 * body for API clients), sign out, who am I, and a citizen's own account.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import type pg from 'pg';
import { HttpProblem } from '../http/problem.ts';
import { validJson } from '../http/validate.ts';
import { clientAddress } from '../citizens/rate-limit.ts';
import { access, ANYONE, SIGNED_IN, unauthorized } from './access.ts';
import { SESSION_COOKIE } from './authenticate.ts';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { principalOf, userOf, type User } from './principal.ts';
import { createSession, type SessionStore } from './sessions.ts';
import type { LoginThrottle } from './throttle.ts';
import { insertUser, userByUsername, userOfRow } from './users.ts';
import { jurisdictionName } from './jurisdiction.ts';

export interface AuthDeps {
  pool: pg.Pool;
  sessions: SessionStore;
  throttle: LoginThrottle;
  sessionHours: number;
  /** The app's one limit of public writes: new accounts count as one. */
  limitPublicWrites: MiddlewareHandler;
}

const username = z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'a username is 3–64 letters, digits, ".", "_" or "-"');
const loginBody = z.object({ username, password: z.string().min(1, 'password is empty').max(200) });
const registerBody = z.object({
  username,
  password: z.string().max(200),
  displayName: z.string().trim().min(1, 'displayName is empty').max(50),
});

/** What a client learns about the signed-in user. */
export async function describeUser(pool: pg.Pool, user: User) {
  return { ...user, jurisdictionName: user.jurisdiction ? await jurisdictionName(pool, user.jurisdiction) : null };
}

export function authRoutes(deps: AuthDeps) {
  const startSession = async (c: Context, user: User) => {
    const session = await createSession(deps.pool, user, deps.sessionHours);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      expires: session.expiresAt,
    });
    return { token: session.token, tokenType: 'Bearer', expiresAt: session.expiresAt.toISOString(), user: await describeUser(deps.pool, user) };
  };

  return new Hono()
    .post('/auth/login', access(ANYONE), validJson(loginBody), async (c) => {
      const body = c.req.valid('json');
      const address = clientAddress(c);
      const wait = deps.throttle.retryAfter(body.username, address);
      if (wait > 0) {
        c.header('retry-after', String(wait));
        throw new HttpProblem(429, 'Too Many Requests', `too many failed sign-ins; try again in ${wait} s`, { retryAfter: wait });
      }
      const row = await userByUsername(deps.pool, body.username);
      // An unknown username costs the same time as a wrong password: timing tells nothing.
      const ok = await verifyPassword(body.password, row?.password_hash ?? (await decoyHash()));
      if (!row || !ok || row.disabled_at) {
        deps.throttle.failed(body.username, address);
        throw unauthorized('the username or password is wrong, or the account is disabled');
      }
      deps.throttle.succeeded(body.username);
      return c.json(await startSession(c, userOfRow(row)), 200);
    })
    .post('/auth/logout', access(SIGNED_IN), async (c) => {
      const p = principalOf(c);
      if (p.kind === 'user') await deps.sessions.revoke(p.sessionId);
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    })
    // Nobody signed in is an answer here, not an error: pages ask before they know.
    .get('/auth/me', access(ANYONE), async (c) => {
      const user = userOf(c);
      return c.json({ user: user ? await describeUser(deps.pool, user) : null }, 200);
    })
    .post('/auth/register', access(ANYONE), deps.limitPublicWrites, validJson(registerBody), async (c) => {
      const body = c.req.valid('json');
      const problem = passwordProblem(body.password);
      if (problem) throw new HttpProblem(400, 'Bad Request', `invalid body: password: ${problem}`, { errors: [{ field: 'password', message: problem }] });
      if (await userByUsername(deps.pool, body.username)) {
        throw new HttpProblem(409, 'Conflict', `the username ${body.username} is taken`);
      }
      const user = await insertUser(deps.pool, {
        username: body.username, displayName: body.displayName, role: 'citizen', jurisdiction: null, department: null,
        passwordHash: await hashPassword(body.password),
      }).catch((error) => {
        if ((error as { code?: string }).code === '23505') throw new HttpProblem(409, 'Conflict', `the username ${body.username} is taken`);
        throw error;
      });
      return c.json(await startSession(c, user), 201);
    });
}

/** The routes of /auth, for typed clients. */
export type AuthRoutes = ReturnType<typeof authRoutes>;
