/**
 * Entry point of the grid database page (grid-database.html): signed-in staff only. Nobody signed
 * in, or a session that ends later (any 401), goes to the login page and comes back here; a
 * citizen account is told the page is not for it. Exposes a handle for browser tests.
 */
import './styles.css';
import './views/grid-database/grid-database.css';
import type { MapLibreMap } from 'maplibre-gl';
import { STAFF } from '../../api/auth/roles.ts';
import { t } from './i18n/index.ts';
import { startStaffPage } from './staff-page.ts';
import { roleName } from './user-menu.ts';
import { GridDatabaseView } from './views/grid-database/index.ts';

declare global {
  interface Window {
    /** For tests and the console: the maps of the records' detail and of the statistics, once shown. */
    lianqinGridDatabase: { readonly recordMap: MapLibreMap | undefined; readonly statsMap: MapLibreMap | undefined; ready: Promise<void> };
  }
}

const page = startStaffPage({
  path: '/grid-database.html',
  roles: STAFF,
  title: 'gdb.title',
  deniedTestId: 'gdb-denied',
  denied: (user) => t('gdb.notForRole', { role: roleName(user) }),
  open: (root, user) => new GridDatabaseView(root, user),
});

window.lianqinGridDatabase = {
  get recordMap() {
    return page.view()?.records?.recordMap;
  },
  get statsMap() {
    return page.view()?.statsMap?.map;
  },
  ready: page.started.then(() => {}),
};
