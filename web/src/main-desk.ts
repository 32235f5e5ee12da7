/**
 * Entry point of the case desk (desk.html): signed-in staff only. Nobody signed in, or a session
 * that ends later (any 401), goes to the login page and comes back here; a role that does not
 * read cases is told so. Exposes a handle for browser tests.
 */
import './styles.css';
import './views/case-desk/desk.css';
import type { MapLibreMap } from 'maplibre-gl';
import { CASE_READERS } from '../../api/auth/roles.ts';
import { whenUnauthorized } from './api.ts';
import { authApi, redirectToLogin, type SessionUser } from './auth-api.ts';
import { h } from './dom.ts';
import { onLocaleChange, t } from './i18n/index.ts';
import { roleName, signOut } from './user-menu.ts';
import { CaseDeskView } from './views/case-desk/index.ts';

declare global {
  interface Window {
    /** For tests and the console: the desk's map and a promise for its first full load. */
    lianqinDesk: { readonly map: MapLibreMap | undefined; ready: Promise<void> };
  }
}

const root = document.getElementById('app');
if (!root) throw new Error('desk.html lacks #app');
let view: CaseDeskView | undefined;

/** What a signed-in account that reads no cases (planner, admin, citizen) sees instead of the desk. */
function notForRole(user: SessionUser): void {
  const render = () => {
    document.title = `${t('desk.title')} · ${t('app.title')}`;
    root!.replaceChildren(h('div', { class: 'veil' }, h('div', { class: 'veil-box desk-denied', 'data-testid': 'desk-denied' },
      h('p', {}, t('auth.noDesk', { role: roleName(user) })),
      h('p', {}, h('a', { href: '/' }, t('auth.toMap')), ' · ',
        h('button', { type: 'button', class: 'link-button', onclick: () => void signOut(`/login.html?next=${encodeURIComponent('/desk.html')}`) }, t('auth.otherAccount'))))));
  };
  render();
  onLocaleChange(render);
}

/** 'ready', or 'denied' for an account that reads no cases. */
async function start(): Promise<'ready' | 'denied'> {
  const user = await authApi.me();
  if (!user) {
    redirectToLogin();
    return new Promise(() => {}); // the page is leaving
  }
  if (!CASE_READERS.includes(user.role)) {
    notForRole(user);
    return 'denied';
  }
  whenUnauthorized(redirectToLogin);
  view = new CaseDeskView(root!, user);
  await view.ready;
  return 'ready';
}

const started = start();

window.lianqinDesk = {
  get map() {
    return view?.deskMap?.map;
  },
  ready: started.then(() => {}),
};

started.then(
  (state) => {
    document.body.dataset.ready = state === 'ready' ? 'true' : 'denied';
  },
  () => {
    document.body.dataset.ready = 'error';
  },
);
