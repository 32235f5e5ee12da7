/**
 * The case desk (案件受理台): the view of case handlers and analysts, each within their
 * jurisdiction. The queue with its filters and traffic lights, the cases on the map, the chosen
 * case with its timeline and the actions the signed-in user may take, and the KPIs of the area.
 */
import { api, type Bbox, type GridCollection } from '../../api.ts';
import type { SessionUser } from '../../auth-api.ts';
import { casesApi, type CaseFilter, type CaseView, type IncidentReferenceView, type IncidentSummary } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { locale, onLocaleChange, setLocale, t } from '../../i18n/index.ts';
import { bboxOf } from '../../map/geometry.ts';
import { staffNav } from '../../nav.ts';
import { userMenu } from '../../user-menu.ts';
import { CaseDetail } from './case-detail.ts';
import { caseLegend, DeskMap } from './desk-map.ts';
import { FilterBar, homeArea } from './filters.ts';
import { AlertStrip } from './alert-strip.ts';
import { KpiStrip } from './kpi-strip.ts';
import { Queue } from './queue.ts';

const DISTRICT_CODE = '320111';
const PAGE = 50;
/** Who sees the early warnings: those who dispatch, the district's commanders and the streets' dispatchers. */
const DISPATCHERS: readonly string[] = ['district_commander', 'street_dispatcher'];
/** The list endpoint's largest page: a refresh reloads what is shown in one request. */
const MAX_PAGE = 500;

export class CaseDeskView {
  readonly ready: Promise<void>;
  /** Set once the map exists. */
  deskMap: DeskMap | undefined;

  private readonly header = h('header', { class: 'topbar' });
  private readonly kpis = new KpiStrip();
  private readonly alerts: AlertStrip | null;
  private readonly queue = new Queue({ onSelect: (id) => void this.select(id, { fly: true }), onMore: () => void this.loadMore() });
  private readonly mapContainer = h('div', { class: 'map', id: 'desk-map' });
  private readonly legendSlot = h('div', { class: 'legend-slot' });
  private readonly queuePane = h('section', { class: 'queue-pane' });
  private readonly veil = h('div', { class: 'veil' }, h('div', { class: 'veil-box' }, h('span', { class: 'spinner' }), t('desk.loading')));
  private filters: FilterBar | undefined;
  private detail: CaseDetail | undefined;
  private items: IncidentSummary[] = [];
  private cursor: string | null = null;
  private listRequest: AbortController | undefined;
  private detailRequest: AbortController | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly user: SessionUser,
  ) {
    root.classList.add('desk-app');
    this.alerts = DISPATCHERS.includes(user.role) ? new AlertStrip() : null;
    root.classList.toggle('with-alerts', this.alerts !== null);
    const mapPane = h('main', { class: 'map-pane' }, this.mapContainer, this.legendSlot, this.veil);
    root.replaceChildren(this.header, this.kpis.element, ...(this.alerts ? [this.alerts.element] : []), h('div', { class: 'desk-body' }, this.queuePane, mapPane));
    this.renderTexts();
    onLocaleChange(() => this.renderTexts());
    document.addEventListener('keydown', (event) => {
      const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLSelectElement;
      if (event.key === 'Escape' && this.detail?.isOpen && !typing) this.closeDetail();
    });
    this.ready = this.start();
  }

  private renderTexts(): void {
    document.title = `${t('desk.title')} · ${t('app.title')}`;
    document.documentElement.lang = locale();
    this.header.replaceChildren(
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '联'), h('div', {}, h('h1', {}, t('desk.title')), h('p', {}, t('desk.subtitle')))),
      staffNav('desk'),
      userMenu(this.user),
      h('button', { type: 'button', class: 'lang-switch', 'data-testid': 'lang-switch', title: t('lang.switchTitle'), onclick: () => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN') }, t('lang.switch')),
    );
    this.kpis.render();
    this.alerts?.render();
    this.filters?.render();
    this.queue.render();
    this.detail?.render();
    this.legendSlot.replaceChildren(caseLegend());
  }

  private async start(): Promise<void> {
    try {
      const [config, district, reference, grids, streets, communities] = await Promise.all([
        api.config().catch(() => ({ basemapStyleUrl: null })),
        api.division(DISTRICT_CODE),
        casesApi.reference(),
        api.grids(),
        api.divisions('street'),
        api.divisions('community'),
      ]);
      // The user's own grids: the filters offer those, and the map frames them.
      const prefix = this.user.jurisdiction ?? DISTRICT_CODE;
      const own: GridCollection = { ...grids, features: grids.features.filter((f) => f.properties.code.startsWith(prefix)) };
      this.setup(reference, own);
      const deskMap = new DeskMap(this.mapContainer, (id) => void this.select(id));
      this.deskMap = deskMap;
      const linked = Number(/^#case=(\d+)$/.exec(location.hash)?.[1] ?? NaN);
      const focus = prefix.length > DISTRICT_CODE.length && own.features.length ? unionBbox(own.features.map((f) => bboxOf(f.geometry))) : undefined;
      await Promise.all([
        deskMap.start({ district, streets, communities, grids, basemapStyleUrl: config.basemapStyleUrl, focus }),
        this.reload(),
        Number.isInteger(linked) ? this.select(linked, { fly: true }) : Promise.resolve(),
      ]);
      this.veil.hidden = true;
    } catch (error) {
      console.error('case desk failed to load:', error);
      this.veil.replaceChildren(h('div', { class: 'veil-box panel-error' }, `${t('app.loadFailed')}: ${error instanceof Error ? error.message : String(error)}`));
      throw error;
    }
  }

  private setup(reference: IncidentReferenceView, grids: GridCollection): void {
    this.filters = new FilterBar(reference, grids, homeArea(this.user), () => void this.reload({ reset: true }));
    this.detail = new CaseDetail(reference.departments, this.user, {
      onClose: () => this.closeDetail(),
      onDone: (detail) => this.afterAction(detail),
      onRefused: () => void this.refresh(),
    });
    this.queuePane.replaceChildren(this.filters.element, this.queue.element);
    this.mapContainer.parentElement?.append(this.detail.element);
  }

  /** Reloads the queue (the whole shown length, or the first page after a filter change) and the KPIs. */
  private async reload(options: { reset?: boolean } = {}): Promise<void> {
    const filters = this.filters;
    if (!filters) return;
    const filter: CaseFilter = filters.query();
    const limit = options.reset ? PAGE : Math.min(MAX_PAGE, Math.max(PAGE, this.items.length));
    void this.kpis.load(filters.area(), filter.from, filter.to);
    void this.alerts?.load(filters.area());
    await this.loadPage(filter, null, limit, false);
  }

  private async loadMore(): Promise<void> {
    if (!this.filters || !this.cursor) return;
    await this.loadPage(this.filters.query(), this.cursor, PAGE, true);
  }

  private async loadPage(filter: CaseFilter, cursor: string | null, limit: number, append: boolean): Promise<void> {
    this.listRequest?.abort();
    const request = new AbortController();
    this.listRequest = request;
    this.queue.setState('loading');
    try {
      const page = await casesApi.list(filter, cursor, limit, request.signal);
      if (request.signal.aborted) return;
      this.items = append ? [...this.items, ...page.items] : page.items;
      this.cursor = page.nextCursor;
      this.queue.show(this.items, page.nextCursor !== null);
      this.queue.select(this.detail?.shownId ?? null);
      this.drawCases();
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn('queue:', error);
      this.queue.setState('error');
    }
  }

  private async select(id: number, options: { fly?: boolean } = {}): Promise<void> {
    const detail = this.detail;
    if (!detail) return;
    history.replaceState(null, '', `#case=${id}`);
    this.queue.select(id);
    this.deskMap?.select(id);
    detail.loading(id);
    this.detailRequest?.abort();
    const request = new AbortController();
    this.detailRequest = request;
    try {
      const answer = await casesApi.get(id, request.signal);
      if (request.signal.aborted) return;
      detail.show(answer);
      this.drawCases();
      if (options.fly) this.deskMap?.select(id, answer.location ?? undefined);
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn(`case ${id}:`, error);
      detail.failed(id);
    }
  }

  /** The shown case again (a refusal may mean it moved on) and the queue. */
  private async refresh(): Promise<void> {
    const id = this.detail?.shownId;
    await Promise.all([id ? this.select(id) : Promise.resolve(), this.reload()]);
  }

  /** The queue's cases on the map, and the open case too when the filters leave it out. */
  private drawCases(): void {
    const shown = this.detail?.shown;
    this.deskMap?.setCases(shown && !this.items.some((item) => item.id === shown.id) ? [...this.items, shown] : this.items);
  }

  private afterAction(detail: CaseView): void {
    this.detail?.show(detail);
    void this.reload();
  }

  private closeDetail(): void {
    this.detailRequest?.abort();
    this.detail?.hide();
    this.drawCases();
    this.queue.select(null);
    this.deskMap?.select(null);
    history.replaceState(null, '', location.pathname + location.search);
  }
}

function unionBbox(boxes: Bbox[]): Bbox {
  return boxes.reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
}
