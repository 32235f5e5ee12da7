/**
 * How a staff page starts: nobody signed in, or a session that ends later (any 401), goes to the
 * login page and comes back to the page; a signed-in account whose role the page is not for is
 * told so (with a way to sign in as another); otherwise the page's view is opened.
 * `body[data-ready]` says how it went (true, denied, error), for browser tests.
 */
import type { Role } from '../../api/auth/roles.ts';
import { whenUnauthorized } from './api.ts';
import { authApi, redirectToLogin, type SessionUser } from './auth-api.ts';
import { h } from './dom.ts';
import { onLocaleChange, t, type MessageKey } from './i18n/index.ts';
import { signOut } from './user-menu.ts';

export interface StaffPage<V extends { ready: Promise<unknown> }> {
  /** The page's own path, to come back to after signing in again. */
  path: string;
  /** Roles the page is for. */
  roles: readonly Role[];
  title: MessageKey;
  /** data-testid of the refusal. */
  deniedTestId: string;
  /** Why the page is not for this account. */
  denied(user: SessionUser): string;
  /** Links offered before "sign in as another account". */
  elsewhere?(): (Node | string)[];
  open(root: HTMLElement, user: SessionUser): V;
}

export function startStaffPage<V extends { ready: Promise<unknown> }>(page: StaffPage<V>): { started: Promise<'ready' | 'denied'>; view(): V | undefined } {
  const root = document.getElementById('app');
  if (!root) throw new Error(`${page.path} lacks #app`);
  let view: V | undefined;

  const refuse = (user: SessionUser) => {
    const render = () => {
      document.title = `${t(page.title)} · ${t('app.title')}`;
      const other = h('button', { type: 'button', class: 'link-button', onclick: () => void signOut(`/login.html?next=${encodeURIComponent(page.path)}`) }, t('auth.otherAccount'));
      root.replaceChildren(h('div', { class: 'veil' }, h('div', { class: 'veil-box desk-denied', 'data-testid': page.deniedTestId },
        h('p', {}, page.denied(user)),
        h('p', {}, ...(page.elsewhere?.() ?? []), other))));
    };
    render();
    onLocaleChange(render);
  };

  const start = async (): Promise<'ready' | 'denied'> => {
    const user = await authApi.me();
    if (!user) {
      redirectToLogin();
      return new Promise(() => {}); // the page is leaving
    }
    if (!page.roles.includes(user.role)) {
      refuse(user);
      return 'denied';
    }
    whenUnauthorized(redirectToLogin);
    view = page.open(root, user);
    await view.ready;
    return 'ready';
  };

  const started = start();
  started.then(
    (state) => {
      document.body.dataset.ready = state === 'ready' ? 'true' : 'denied';
    },
    () => {
      document.body.dataset.ready = 'error';
    },
  );
  return { started, view: () => view };
}
