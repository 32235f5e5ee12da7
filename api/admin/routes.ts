/**
 * /admin: accounts (create, list, disable, reset a password, end sessions), machine
 * credentials (Open311 keys, tracker tokens: created with their secret shown once, revoked),
 * and the log of unmasked personal-data reads. Administrators only.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type pg from 'pg';
import { access, rule } from '../auth/access.ts';
import { readAccessLog } from '../auth/audit.ts';
import { createCredential, listCredentials, revokeCredential } from '../auth/credentials.ts';
import { AccountError, createAccount, newAccount, password } from '../auth/accounts.ts';
import { hashPassword } from '../auth/password.ts';
import { userOf } from '../auth/principal.ts';
import { ROLES } from '../auth/roles.ts';
import type { SessionStore } from '../auth/sessions.ts';
import { listUsers, setDisabled, setPasswordHash } from '../auth/users.ts';
import { badRequest, HttpProblem, notFound } from '../http/problem.ts';
import { parseWith, readJsonBody } from '../http/validate.ts';

export interface AdminDeps {
  pool: pg.Pool;
  sessions: SessionStore;
}

const ADMIN = access(rule('admin'));
const id = z.coerce.number().int().positive('an id is a positive integer').max(Number.MAX_SAFE_INTEGER);
const userPatch = z.object({ disabled: z.boolean().optional(), password: password.optional() });
const usersQuery = z.object({
  role: z.enum(ROLES).optional(),
  q: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const credentialBody = z.object({ kind: z.enum(['open311', 'tracker']), name: z.string().trim().min(1).max(100) });
const auditQuery = z.object({
  username: z.string().max(64).optional(),
  resource: z.enum(['incident.reporter', 'entity', 'import.rejections']).optional(),
  before: id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function adminRoutes({ pool, sessions }: AdminDeps) {
  return new Hono()
    .get('/admin/users', ADMIN, async (c) => {
      const q = parseWith(usersQuery, c.req.query(), 'query');
      return c.json({ items: await listUsers(pool, q, q.limit, q.offset) });
    })
    .post('/admin/users', ADMIN, async (c) => {
      const body = parseWith(newAccount, await readJsonBody(c.req.raw), 'body');
      const user = await createAccount(pool, body).catch((error: unknown) => {
        if (!(error instanceof AccountError)) throw error;
        if (error.kind === 'taken') throw new HttpProblem(409, 'Conflict', error.message);
        if (error.kind === 'jurisdiction') throw badRequest(`invalid body: jurisdiction: ${error.message}`, { errors: [{ field: 'jurisdiction', message: 'unknown or missing' }] });
        throw badRequest(`invalid body: ${error.message}`);
      });
      return c.json(user, 201);
    })
    .patch('/admin/users/:id', ADMIN, async (c) => {
      const userId = parseWith(id, c.req.param('id'), 'path');
      const body = parseWith(userPatch, await readJsonBody(c.req.raw), 'body');
      if (body.disabled === true && userOf(c)?.id === userId) throw badRequest('an administrator cannot disable their own account');
      if (body.password !== undefined && !(await setPasswordHash(pool, userId, await hashPassword(body.password)))) throw notFound(`no account has id ${userId}`);
      if (body.disabled !== undefined && !(await setDisabled(pool, userId, body.disabled))) throw notFound(`no account has id ${userId}`);
      const ended = body.disabled || body.password !== undefined ? await sessions.revokeAllOf(userId) : 0;
      return c.json({ id: userId, sessionsEnded: ended });
    })
    .delete('/admin/users/:id/sessions', ADMIN, async (c) => {
      const userId = parseWith(id, c.req.param('id'), 'path');
      return c.json({ id: userId, sessionsEnded: await sessions.revokeAllOf(userId) });
    })
    .get('/admin/credentials', ADMIN, async (c) => c.json({ items: await listCredentials(pool) }))
    .post('/admin/credentials', ADMIN, async (c) => {
      const body = parseWith(credentialBody, await readJsonBody(c.req.raw), 'body');
      const created = await createCredential(pool, body.kind, body.name, userOf(c)?.id ?? null).catch((error: { code?: string }) => {
        if (error.code === '23505') throw new HttpProblem(409, 'Conflict', `a live ${body.kind} credential is already named ${body.name}`);
        throw error;
      });
      // The secret is shown this once; only its hash is kept.
      return c.json({ ...created.credential, secret: created.secret }, 201);
    })
    .delete('/admin/credentials/:id', ADMIN, async (c) => {
      const credentialId = parseWith(id, c.req.param('id'), 'path');
      const revoked = await revokeCredential(pool, credentialId);
      if (!revoked) throw notFound(`no credential has id ${credentialId}`);
      return c.json(revoked);
    })
    .get('/admin/personal-data-access', ADMIN, async (c) => {
      const q = parseWith(auditQuery, c.req.query(), 'query');
      return c.json({ items: await readAccessLog(pool, q, q.limit) });
    });
}

/** The routes of /admin, for typed clients. */
export type AdminRoutes = ReturnType<typeof adminRoutes>;
