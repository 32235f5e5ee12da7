/** The links between the staff views (network map, case desk, grid database, analysis), for their top bars. */
import { h } from './dom.ts';
import { t } from './i18n/index.ts';

export type StaffView = 'map' | 'desk' | 'data' | 'analytics';

const VIEWS: { view: StaffView; href: string; key: 'nav.map' | 'nav.desk' | 'nav.data' | 'nav.analytics' }[] = [
  { view: 'map', href: '/', key: 'nav.map' },
  { view: 'desk', href: '/desk.html', key: 'nav.desk' },
  { view: 'data', href: '/grid-database.html', key: 'nav.data' },
  { view: 'analytics', href: '/analytics.html', key: 'nav.analytics' },
];

export function staffNav(current: StaffView): HTMLElement {
  return h(
    'nav',
    { class: 'staff-nav', 'aria-label': t('nav.label') },
    VIEWS.map(({ view, href, key }) =>
      h('a', { href, class: 'staff-nav-link', 'data-testid': `nav-${view}`, 'aria-current': view === current ? 'page' : null }, t(key)),
    ),
  );
}
