/**
 * Entry point of the case desk (desk.html): signed-in staff only. Nobody signed in, or a session
 * that ends later (any 401), goes to the login page and comes back here; a role that does not
 * read cases is told so. Exposes a handle for browser tests.
 */
import './styles.css';
import './views/case-desk/desk.css';
import type { MapLibreMap } from 'maplibre-gl';
import { CASE_READERS } from '../../api/auth/roles.ts';
import { h } from './dom.ts';
import { t } from './i18n/index.ts';
import { startStaffPage } from './staff-page.ts';
import { roleName } from './user-menu.ts';
import { CaseDeskView } from './views/case-desk/index.ts';

declare global {
  interface Window {
    /** For tests and the console: the desk's map and a promise for its first full load. */
    lianqinDesk: { readonly map: MapLibreMap | undefined; ready: Promise<void> };
  }
}

// A role that reads no cases (planner, admin, citizen) is told so instead of seeing the desk.
const page = startStaffPage({
  path: '/desk.html',
  roles: CASE_READERS,
  title: 'desk.title',
  deniedTestId: 'desk-denied',
  denied: (user) => t('auth.noDesk', { role: roleName(user) }),
  elsewhere: () => [h('a', { href: '/' }, t('auth.toMap')), ' · '],
  open: (root, user) => new CaseDeskView(root, user),
});

window.lianqinDesk = {
  get map() {
    return page.view()?.deskMap?.map;
  },
  ready: page.started.then(() => {}),
};
