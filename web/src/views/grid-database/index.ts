/**
 * The grid database (网格数据库): importing files (administrators), browsing records (masked as
 * the role requires) and the per-grid statistics map, one tab each (#import, #records, #stats).
 * A tab the signed-in role may not use says why instead. Each tab is built when first shown,
 * so its map gets a visible container.
 */
import { RECORD_READERS, RECORD_WRITERS } from '../../../../api/auth/roles.ts';
import type { SessionUser } from '../../auth-api.ts';
import { h } from '../../dom.ts';
import { locale, onLocaleChange, setLocale, t, type MessageKey } from '../../i18n/index.ts';
import { staffNav } from '../../nav.ts';
import { roleName, userMenu } from '../../user-menu.ts';
import { loadContext, type GridDatabaseContext } from './context.ts';
import { ImportView } from './import/index.ts';
import { RecordsView } from './records/index.ts';
import { StatsMapView } from './stats-map/index.ts';

export type Tab = 'import' | 'records' | 'stats';
const TABS: { tab: Tab; key: MessageKey }[] = [
  { tab: 'records', key: 'gdb.tab.records' },
  { tab: 'stats', key: 'gdb.tab.stats' },
  { tab: 'import', key: 'gdb.tab.import' },
];

/** What each tab's view does: its element, a language switch, and showing it (first time: loading). */
interface TabView {
  readonly element: HTMLElement;
  render(): void;
  show(): Promise<void>;
}

export class GridDatabaseView {
  readonly ready: Promise<void>;
  records: RecordsView | undefined;
  statsMap: StatsMapView | undefined;

  private readonly header = h('header', { class: 'topbar' });
  private readonly tabBar = h('nav', { class: 'gdb-tabs', role: 'tablist' });
  private readonly body = h('main', { class: 'gdb-body' });
  private readonly views = new Map<Tab, TabView>();
  private context: GridDatabaseContext | undefined;
  private current: Tab;

  constructor(
    private readonly root: HTMLElement,
    private readonly user: SessionUser,
  ) {
    root.classList.add('gdb-app');
    root.replaceChildren(this.header, this.tabBar, this.body);
    this.current = tabOf(location.hash) ?? (RECORD_READERS.includes(user.role) ? 'records' : 'stats');
    this.renderTexts();
    onLocaleChange(() => this.renderTexts());
    window.addEventListener('hashchange', () => {
      const tab = tabOf(location.hash);
      if (tab && tab !== this.current) void this.show(tab);
    });
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    this.body.replaceChildren(h('div', { class: 'gdb-loading' }, h('span', { class: 'spinner' }), t('gdb.loading')));
    try {
      this.context = await loadContext(this.user);
    } catch (error) {
      this.body.replaceChildren(h('div', { class: 'panel-error' }, `${t('app.loadFailed')}: ${error instanceof Error ? error.message : String(error)}`));
      throw error;
    }
    await this.show(this.current);
  }

  private renderTexts(): void {
    document.title = `${t('gdb.title')} · ${t('app.title')}`;
    document.documentElement.lang = locale();
    this.header.replaceChildren(
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '联'), h('div', {}, h('h1', {}, t('gdb.title')), h('p', {}, t('gdb.subtitle')))),
      staffNav('data'),
      userMenu(this.user, { afterSignOut: `/login.html?next=${encodeURIComponent('/grid-database.html')}` }),
      h('button', { type: 'button', class: 'lang-switch', 'data-testid': 'lang-switch', title: t('lang.switchTitle'), onclick: () => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN') }, t('lang.switch')),
    );
    this.tabBar.replaceChildren(...TABS.map(({ tab, key }) =>
      h('a', { href: `#${tab}`, role: 'tab', class: 'gdb-tab', 'data-testid': `tab-${tab}`, 'aria-selected': tab === this.current ? 'true' : 'false' }, t(key))));
    for (const view of this.views.values()) view.render();
  }

  private async show(tab: Tab): Promise<void> {
    this.current = tab;
    if (location.hash !== `#${tab}`) history.replaceState(null, '', `#${tab}`);
    for (const link of this.tabBar.querySelectorAll('a')) link.setAttribute('aria-selected', link.dataset.testid === `tab-${tab}` ? 'true' : 'false');
    const context = this.context;
    if (!context) return;
    let view = this.views.get(tab);
    const first = !view;
    if (!view) {
      view = this.create(tab, context);
      this.views.set(tab, view);
    }
    this.body.replaceChildren(view.element);
    if (first) await view.show();
  }

  private create(tab: Tab, context: GridDatabaseContext): TabView {
    const role = this.user.role;
    if (tab === 'import') return RECORD_WRITERS.includes(role) ? new ImportView(context) : denied('gdb.import.denied', this.user);
    if (tab === 'records') {
      if (!RECORD_READERS.includes(role)) return denied('gdb.records.denied', this.user);
      this.records = new RecordsView(context);
      return this.records;
    }
    this.statsMap = new StatsMapView(context);
    return this.statsMap;
  }
}

function tabOf(hash: string): Tab | undefined {
  const tab = hash.replace(/^#/, '');
  return TABS.some((t) => t.tab === tab) ? (tab as Tab) : undefined;
}

/** A tab the role may not use: why, in words. */
function denied(key: 'gdb.import.denied' | 'gdb.records.denied', user: SessionUser): TabView {
  const element = h('section', { class: 'gdb-denied', 'data-testid': 'tab-denied' });
  const render = () => element.replaceChildren(h('p', {}, t(key, { role: roleName(user) })));
  render();
  return { element, render, show: async () => {} };
}
