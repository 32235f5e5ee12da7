/**
 * Entry point of the analyst view (analytics.html): every staff role reads the analyses of its
 * own jurisdiction (AGGREGATE_READERS). Nobody signed in goes to the login page and comes back
 * here. Exposes a handle for browser tests.
 */
import './styles.css';
import './views/analytics/analytics.css';
import type { MapLibreMap } from 'maplibre-gl';
import { AGGREGATE_READERS } from '../../api/auth/roles.ts';
import { t } from './i18n/index.ts';
import { startStaffPage } from './staff-page.ts';
import { roleName } from './user-menu.ts';
import { AnalyticsView } from './views/analytics/index.ts';
import type { MapCell } from './views/analytics/layers/hexagons.ts';

declare global {
  interface Window {
    /** For tests and the console: the map, the cells drawn now, and a promise for the first full draw. */
    lianqinAnalytics: { readonly map: MapLibreMap | undefined; readonly cells: MapCell[]; ready: Promise<void> };
  }
}

const page = startStaffPage({
  path: '/analytics.html',
  roles: AGGREGATE_READERS,
  title: 'analytics.title',
  deniedTestId: 'analytics-denied',
  denied: (user) => t('analytics.notForRole', { role: roleName(user) }),
  open: (root, user) => new AnalyticsView(root, user),
});

window.lianqinAnalytics = {
  get map() {
    return page.view()?.mapView.map;
  },
  get cells() {
    return page.view()?.cells ?? [];
  },
  ready: page.started.then(() => {}),
};
