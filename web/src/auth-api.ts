/**
 * Signing in and out (/api/v1/auth): the session is an HttpOnly cookie that same-origin
 * requests carry, so the pages never hold the token. A typed client of the auth routes
 * (type-only imports), and the login page's address is built here.
 */
import type { AuthRoutes } from '../../api/auth/routes.ts';
import type { Role as AccountRole } from '../../api/auth/roles.ts';
import { ApiError, client, read } from './api.ts';

// A 401 here is an answer (nobody signed in, wrong password), not a lost session.
const auth = client<AuthRoutes>({ allowUnauthorized: true });

export type SignedIn = Awaited<ReturnType<typeof authApi.login>>;
/** The signed-in user as the server describes it (display name, role, jurisdiction and its name). */
export type SessionUser = NonNullable<Awaited<ReturnType<typeof authApi.me>>>;
export type { AccountRole };

export const authApi = {
  /** The signed-in user, or null when nobody is (or the session ended: 401). */
  me: async () => {
    try {
      return (await read(auth.auth.me.$get())).user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  login: (username: string, password: string) => read(auth.auth.login.$post({ json: { username, password } })),
  register: (username: string, password: string, displayName: string) => read(auth.auth.register.$post({ json: { username, password, displayName } })),
  logout: async () => {
    await auth.auth.logout.$post();
  },
};

/**
 * Where to go after signing in: a path of this site (`/desk.html#case=12`), never another
 * origin (`//evil.example`, `https://…`, `/\evil`), else null.
 */
export function safeNext(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  try {
    const url = new URL(value, location.origin);
    return url.origin === location.origin ? `${url.pathname}${url.search}${url.hash}` : null;
  } catch {
    return null;
  }
}

/** The login page, coming back to `next` (this page by default) afterwards. */
export function loginHref(next = `${location.pathname}${location.search}${location.hash}`): string {
  return `/login.html?next=${encodeURIComponent(next)}`;
}

let leaving = false;

/**
 * Leaves for the login page; the history entry is replaced, so "back" does not loop. Once only:
 * the requests of a page (queue, KPIs, case) all answer 401 when its session ends, and a second
 * navigation would cancel the first.
 */
export function redirectToLogin(): void {
  if (leaving) return;
  leaving = true;
  location.replace(loginHref());
}

/** The page a role starts on when the login page was opened without `next`. */
export function homeOf(role: AccountRole): string {
  if (role === 'citizen') return '/report.html';
  if (role === 'planner' || role === 'admin') return '/';
  return '/desk.html';
}
