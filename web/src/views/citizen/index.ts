/**
 * The citizen page (随手拍), phone first: report a problem, follow "my tickets" (rate them when
 * closed, message the centre), read the news. Tabs at the bottom; the URL hash says which one
 * (#report, #tickets, #ticket=PK…, #news), so the back button works. A ticket's link
 * (#ticket=PK…&access=…, as the desk hands it out) opens the ticket and keeps its token.
 */
import { citizenApi, type PublicTicket } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { locale, onLocaleChange, setLocale, t } from '../../i18n/index.ts';
import { AccountCard } from './account.ts';
import { categoryName } from './category-picker.ts';
import { NewsView } from './news.ts';
import { ReportForm } from './report-form.ts';
import { statusChip } from './ticket-view.ts';
import { TicketView } from './ticket-view.ts';
import { TicketsView } from './tickets-view.ts';
import { accessOf, keepTickets, rememberTicket } from './ticket-store.ts';

type Route = { tab: 'report' } | { tab: 'tickets' } | { tab: 'ticket'; ticket: string; access: string | null } | { tab: 'news' };

function parseRoute(hash: string): Route {
  const link = /^#ticket=([A-Za-z0-9]+)(?:&access=([A-Za-z0-9_-]+))?$/.exec(hash);
  if (link) return { tab: 'ticket', ticket: link[1].toUpperCase(), access: link[2] ?? null };
  if (hash === '#tickets') return { tab: 'tickets' };
  if (hash === '#news') return { tab: 'news' };
  return { tab: 'report' };
}

export class CitizenApp {
  readonly ready: Promise<void>;
  readonly form = new ReportForm({ onTicket: (ticket, created) => this.onTicket(ticket, created) });
  private readonly header = h('header', { class: 'c-header' });
  private readonly reportPane = h('section', { class: 'pane', 'data-testid': 'pane-report' });
  private readonly ticketsPane = h('section', { class: 'pane', 'data-testid': 'pane-tickets' });
  private readonly newsPane = h('section', { class: 'pane', 'data-testid': 'pane-news' });
  private readonly tabs = h('nav', { class: 'tabbar' });
  private readonly tickets = new TicketsView((ticket) => this.go(`#ticket=${ticket}`));
  private readonly news = new NewsView();
  private readonly account = new AccountCard(() => void this.addOwnTickets());
  private ticketView: TicketView | null = null;
  private done: PublicTicket | null = null;
  private route: Route = parseRoute(location.hash);

  constructor(root: HTMLElement) {
    root.classList.add('citizen-app');
    root.replaceChildren(this.header, h('main', { class: 'c-main' }, this.reportPane, this.ticketsPane, this.newsPane), this.tabs);
    this.newsPane.append(this.news.element);
    onLocaleChange(() => this.render());
    window.addEventListener('hashchange', () => this.show(parseRoute(location.hash)));
    this.render();
    this.show(this.route);
    this.ready = this.form.location.start();
    void this.account.load();
  }

  /** A signed-in citizen's tickets from their account join those kept on this phone. */
  private async addOwnTickets(): Promise<void> {
    try {
      keepTickets((await citizenApi.myTickets()).items);
      if (this.route.tab === 'tickets') void this.tickets.load();
    } catch (error) {
      console.warn('my tickets:', error);
    }
  }

  /** A ticket's link to keep or share: it opens the ticket anywhere. */
  static ticketLink(ticket: string, access: string): string {
    return `${location.origin}/report.html#ticket=${ticket}&access=${access}`;
  }

  private go(hash: string): void {
    if (location.hash === hash) this.show(parseRoute(hash));
    else location.hash = hash;
  }

  private onTicket(ticket: string, created: PublicTicket | null): void {
    if (!created) return this.go(`#ticket=${ticket}`);
    this.done = created;
    this.renderReport();
    scrollTo({ top: 0 });
  }

  private show(route: Route): void {
    this.route = route;
    this.reportPane.hidden = route.tab !== 'report';
    this.ticketsPane.hidden = route.tab !== 'tickets' && route.tab !== 'ticket';
    this.newsPane.hidden = route.tab !== 'news';
    if (route.tab === 'report') this.form.location.map?.resize();
    if (route.tab === 'tickets') {
      this.ticketView = null;
      this.ticketsPane.replaceChildren(this.account.element, this.tickets.element);
      void this.tickets.load();
    }
    if (route.tab === 'ticket') {
      if (route.access) {
        // Kept with the ticket, and out of the address bar (a screenshot or a shared URL would carry it).
        rememberTicket(route.ticket, route.access);
        history.replaceState(null, '', `#ticket=${route.ticket}`);
      }
      this.ticketView = new TicketView(route.ticket, route.access ?? accessOf(route.ticket), () => this.go('#tickets'));
      this.ticketsPane.replaceChildren(this.ticketView.element);
      void this.ticketView.load();
    }
    if (route.tab === 'news') void this.news.load();
    this.renderTabs();
    scrollTo({ top: 0 });
  }

  private render(): void {
    document.title = `${t('citizen.title')} · ${t('app.title')}`;
    document.documentElement.lang = locale();
    this.header.replaceChildren(
      h('div', { class: 'c-brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '联'), h('div', {}, h('h1', {}, t('citizen.title')), h('p', {}, t('citizen.subtitle')))),
      h('button', { type: 'button', class: 'c-lang', 'data-testid': 'lang-switch', title: t('lang.switchTitle'), onclick: () => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN') }, t('lang.switch')),
    );
    this.form.render();
    this.renderReport();
    this.account.render();
    this.tickets.render();
    this.ticketView?.render();
    this.news.render();
    this.renderTabs();
  }

  private renderReport(): void {
    const done = this.done;
    this.reportPane.replaceChildren(
      done
        ? h('section', { class: 'card done-card', 'data-testid': 'done-card' },
          h('div', { class: 'done-mark', 'aria-hidden': 'true' }, '✓'),
          h('h2', {}, t('done.title')),
          h('p', { class: 'done-what' }, [categoryName(done.category.code, done.category.name), done.street.name, done.community.name].filter(Boolean).join(' · ')),
          h('div', { class: 'muted small' }, t('done.ticket')),
          h('div', { class: 'done-ticket', 'data-testid': 'done-ticket' }, done.ticket),
          statusChip(done.status),
          h('p', { class: 'muted small' }, t('done.hint')),
          h('p', { class: 'done-link small' }, h('span', { class: 'muted' }, t('done.link')), h('br', {}),
            h('a', { href: CitizenApp.ticketLink(done.ticket, done.access), 'data-testid': 'done-link' }, CitizenApp.ticketLink(done.ticket, done.access))),
          h('button', { type: 'button', class: 'button primary block', 'data-testid': 'done-view', onclick: () => this.go(`#ticket=${done.ticket}`) }, t('done.view')),
          h('button', { type: 'button', class: 'button block', 'data-testid': 'done-again', onclick: () => { this.done = null; this.renderReport(); this.form.location.map?.resize(); } }, t('done.again')))
        : this.form.element,
    );
  }

  private renderTabs(): void {
    const active = this.route.tab === 'ticket' ? 'tickets' : this.route.tab;
    const tab = (id: 'report' | 'tickets' | 'news', key: 'citizen.tabReport' | 'citizen.tabTickets' | 'citizen.tabNews') =>
      h('a', { href: `#${id}`, class: `tab tab-${id}`, 'data-testid': `tab-${id}`, 'aria-current': active === id ? 'page' : null },
        h('span', { class: 'tab-icon', 'aria-hidden': 'true' }), t(key));
    this.tabs.replaceChildren(tab('report', 'citizen.tabReport'), tab('tickets', 'citizen.tabTickets'), tab('news', 'citizen.tabNews'));
  }
}
