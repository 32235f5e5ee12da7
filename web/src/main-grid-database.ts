/**
 * Entry point of the grid database page (grid-database.html): signed-in staff only. Nobody signed
 * in, or a session that ends later (any 401), goes to the login page and comes back here; a
 * citizen account is told the page is not for it. Exposes a handle for browser tests.
 */
import './styles.css';
import './views/grid-database/grid-database.css';
import type { MapLibreMap } from 'maplibre-gl';
import { STAFF } from '../../api/auth/roles.ts';
import { whenUnauthorized } from './api.ts';
import { authApi, redirectToLogin, type SessionUser } from './auth-api.ts';
import { h } from './dom.ts';
import { onLocaleChange, t } from './i18n/index.ts';
import { roleName, signOut } from './user-menu.ts';
import { GridDatabaseView } from './views/grid-database/index.ts';

declare global {
  interface Window {
    /** For tests and the console: the maps of the records' detail and of the statistics, once shown. */
    lianqinGridDatabase: { readonly recordMap: MapLibreMap | undefined; readonly statsMap: MapLibreMap | undefined; ready: Promise<void> };
  }
}

const root = document.getElementById('app');
if (!root) throw new Error('grid-database.html lacks #app');
let view: GridDatabaseView | undefined;

function notForRole(user: SessionUser): void {
  const render = () => {
    document.title = `${t('gdb.title')} · ${t('app.title')}`;
    root!.replaceChildren(h('div', { class: 'veil' }, h('div', { class: 'veil-box desk-denied', 'data-testid': 'gdb-denied' },
      h('p', {}, t('gdb.notForRole', { role: roleName(user) })),
      h('p', {}, h('button', { type: 'button', class: 'link-button', onclick: () => void signOut(`/login.html?next=${encodeURIComponent('/grid-database.html')}`) }, t('auth.otherAccount'))))));
  };
  render();
  onLocaleChange(render);
}

async function start(): Promise<'ready' | 'denied'> {
  const user = await authApi.me();
  if (!user) {
    redirectToLogin();
    return new Promise(() => {}); // the page is leaving
  }
  if (!STAFF.includes(user.role)) {
    notForRole(user);
    return 'denied';
  }
  whenUnauthorized(redirectToLogin);
  view = new GridDatabaseView(root!, user);
  await view.ready;
  return 'ready';
}

const started = start();

window.lianqinGridDatabase = {
  get recordMap() {
    return view?.records?.recordMap;
  },
  get statsMap() {
    return view?.statsMap?.map;
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
