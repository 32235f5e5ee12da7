/** Who is asking: nobody in particular, a signed-in account, or a machine credential. */
import type { Context } from 'hono';
import type { Role } from './roles.ts';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Division or grid code the account works in; null for citizens. */
  jurisdiction: string | null;
  /** The department of department staff. */
  department: string | null;
}

export type CredentialKind = 'open311' | 'tracker';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: User; sessionId: number }
  | { kind: 'credential'; credential: { id: number; kind: CredentialKind; name: string } };

declare module 'hono' {
  interface ContextVariableMap {
    principal: Principal;
    /** Set by the route's access rule: a route that answers without one is refused (api/auth/access.ts). */
    accessRule: string;
  }
}

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function principalOf(c: Context): Principal {
  return c.get('principal') ?? ANONYMOUS;
}

/** The signed-in user, or null. */
export function userOf(c: Context): User | null {
  const p = principalOf(c);
  return p.kind === 'user' ? p.user : null;
}

/** Whether a code (a case's grid, a division, a grid) lies inside the user's jurisdiction. */
export function inJurisdiction(user: User, code: string | null | undefined): boolean {
  return !!code && !!user.jurisdiction && code.startsWith(user.jurisdiction);
}
