/**
 * Access rules, declared beside each route: `.get('/kpis', access(rule(...AGGREGATE_READERS)), …)`.
 * A rule says who may call the route at all (401 for nobody signed in, 403 for the wrong role);
 * the handler then checks the jurisdiction of what is asked, and the database checks it again
 * (row-level security, scope.ts). A route without a rule cannot slip through: createApp refuses
 * to build an app with one (assertEveryRouteHasRule), and a request that reaches an answer
 * without passing a rule is answered 500 (requireAccessRule).
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { HttpProblem } from '../http/problem.ts';
import { principalOf, type CredentialKind, type Principal } from './principal.ts';
import type { Role } from './roles.ts';

export type AccessRule =
  | { kind: 'anyone' }
  | { kind: 'signed-in' }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'credential'; credential: CredentialKind };

export const ANYONE: AccessRule = { kind: 'anyone' };
export const SIGNED_IN: AccessRule = { kind: 'signed-in' };
export const rule = (...roles: Role[]): AccessRule => ({ kind: 'roles', roles });

export function describeRule(r: AccessRule): string {
  switch (r.kind) {
    case 'anyone':
      return 'anyone';
    case 'signed-in':
      return 'signed-in';
    case 'roles':
      return r.roles.join('|');
    case 'credential':
      return `credential:${r.credential}`;
  }
}

export function allows(r: AccessRule, p: Principal): boolean {
  switch (r.kind) {
    case 'anyone':
      return true;
    case 'signed-in':
      return p.kind === 'user';
    case 'roles':
      return p.kind === 'user' && r.roles.includes(p.user.role);
    case 'credential':
      return p.kind === 'credential' && p.credential.kind === r.credential;
  }
}

export const unauthorized = (detail = 'sign in first: POST /api/v1/auth/login, then send the session cookie or Authorization: Bearer <token>') =>
  new HttpProblem(401, 'Unauthorized', detail);
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);

/** The middleware of every rule, so the app can check that each route has one. */
const RULES = new WeakMap<Function, AccessRule>();

/** The access rule of a route: the first handler in its chain. */
export function access(r: AccessRule): MiddlewareHandler {
  const described = describeRule(r);
  const middleware: MiddlewareHandler = async (c, next) => {
    const p = principalOf(c);
    if (!allows(r, p)) {
      if (p.kind === 'anonymous') {
        c.header('www-authenticate', 'Bearer realm="lianqin"');
        throw unauthorized();
      }
      const who = p.kind === 'user' ? `a ${p.user.role}` : `a ${p.credential.kind} credential`;
      throw forbidden(`${who} may not ${c.req.method} ${c.req.path}; allowed: ${described}`);
    }
    c.set('accessRule', described);
    await next();
  };
  RULES.set(middleware, r);
  return middleware;
}

/** The rule of a route handler chain's middleware, if it is one. */
export const ruleOf = (handler: Function): AccessRule | undefined => RULES.get(handler);

/** Every method + path of an app and the rule it declares (undefined: none). */
export function routeRules(app: Hono): { method: string; path: string; rule: AccessRule | undefined }[] {
  const byRoute = new Map<string, { method: string; path: string; rule: AccessRule | undefined }>();
  for (const route of app.routes) {
    // app.use(...) middleware is registered for every method; only routes answer requests.
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const entry = byRoute.get(key) ?? { method: route.method, path: route.path, rule: undefined };
    entry.rule ??= ruleOf(route.handler);
    byRoute.set(key, entry);
  }
  return [...byRoute.values()];
}

export function assertEveryRouteHasRule(app: Hono): void {
  const missing = routeRules(app).filter((r) => !r.rule);
  if (missing.length) {
    throw new Error(`routes without an access rule (add access(...) as their first handler): ${missing.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  }
}

/** Outermost middleware: an answer that no rule let through is replaced by a 500 (fail closed). */
export const requireAccessRule: MiddlewareHandler = async (c, next) => {
  await next();
  // A CORS preflight (OPTIONS) is answered by the cors middleware before any route: it opens nothing.
  if (!c.get('accessRule') && c.res.status < 400 && c.req.method !== 'OPTIONS') {
    console.error(`${c.req.method} ${c.req.path}: answered without an access rule; refused`);
    c.res = new Response(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'this route declares no access rule' }), {
      status: 500,
      headers: { 'content-type': 'application/problem+json' },
    });
  }
};
