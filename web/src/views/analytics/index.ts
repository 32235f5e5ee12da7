/**
 * The analyst view (分析研判): one week of cases on the map as H3 hexagons, a heatmap, hotspot
 * bins, emerging hot spot categories or next week's forecast, each with its fixed colour scale;
 * a time slider with playback; filters; charts of the 12 months; exports. The whole state is in
 * the query string, so a link opens the same view.
 */
import type { Layer } from '@deck.gl/core';
import { api, type Bbox } from '../../api.ts';
import { analyticsApi, type AnalysisFilter, type SeriesAnswer } from '../../analytics-api.ts';
import type { SessionUser } from '../../auth-api.ts';
import { citizenApi } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { formatNumber, locale, onLocaleChange, setLocale, t } from '../../i18n/index.ts';
import { bboxOf } from '../../map/geometry.ts';
import { staffNav } from '../../nav.ts';
import { userMenu } from '../../user-menu.ts';
import { ChartsPanel } from './charts/index.ts';
import { cellsCsv, cellsGeoJson, download } from './export.ts';
import { FilterBar } from './filters.ts';
import { heatLayer } from './layers/heat.ts';
import { hexagonLayer, type MapCell } from './layers/hexagons.ts';
import { AnalysisLegend } from './legend.ts';
import { AnalysisMap } from './map.ts';
import { binColor, countScale, emergingColor, rgba } from './scales.ts';
import { readState, saveState, type ViewState } from './state.ts';
import { TimeSlider } from './time-slider.ts';
import { lastWeeks, type Week } from './weeks.ts';

const DISTRICT_CODE = '320111';
const LEVEL_OF_LENGTH = { 6: 'district', 9: 'street', 12: 'community', 15: 'grid' } as const;
const levelOf = (code: string) => LEVEL_OF_LENGTH[code.length as keyof typeof LEVEL_OF_LENGTH] ?? 'district';

export class AnalyticsView {
  readonly ready: Promise<void>;
  readonly mapView = new AnalysisMap();
  /** The cells on the map now (what the exports write). */
  cells: MapCell[] = [];

  private state: ViewState = readState(location.search);
  private weeks: Week[] = lastWeeks(new Date());
  private readonly header = h('header', { class: 'topbar' });
  private readonly status = h('p', { class: 'analytics-status', 'data-testid': 'analytics-status', role: 'status' });
  private readonly legend = new AnalysisLegend();
  private readonly slider = new TimeSlider((i) => this.update({ week: this.weeks[i].id }), (i) => this.prefetch(i));
  private readonly charts = new ChartsPanel((i) => this.update({ week: this.weeks[i].id }), (by) => this.update({ by }));
  private readonly exports = h('div', { class: 'analytics-exports' });
  private filters: FilterBar | undefined;
  private readonly filterSlot = h('div', { class: 'analytics-filter-slot' });
  /** Drops answers of superseded requests (a newer week or filter came first). */
  private drawn = 0;

  constructor(
    root: HTMLElement,
    private readonly user: SessionUser,
  ) {
    root.classList.add('analytics-app');
    const workspace = h('main', { class: 'workspace analytics-workspace' },
      this.mapView.container, this.legend.element,
      h('div', { class: 'analytics-bottom' }, this.slider.element, this.exports, this.status));
    root.replaceChildren(this.header, this.filterSlot, h('div', { class: 'analytics-body' }, workspace, this.charts.element));
    this.renderTexts();
    onLocaleChange(() => this.renderTexts());
    this.ready = this.start();
  }

  private get home(): string {
    return this.user.jurisdiction ?? DISTRICT_CODE;
  }

  private get filter(): AnalysisFilter {
    return { area: this.state.area ?? undefined, category: this.state.category ?? undefined, source: this.state.source ?? undefined };
  }

  private weekIndex(): number {
    const found = this.weeks.findIndex((w) => w.id === this.state.week);
    return found >= 0 ? found : this.weeks.length - 1;
  }

  private renderTexts(): void {
    document.title = `${t('analytics.title')} · ${t('app.title')}`;
    document.documentElement.lang = locale();
    this.header.replaceChildren(
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '联'), h('div', {}, h('h1', {}, t('analytics.title')), h('p', {}, t('analytics.subtitle')))),
      staffNav('analytics'),
      userMenu(this.user, { afterSignOut: `/login.html?next=${encodeURIComponent('/analytics.html')}` }),
      h('button', { type: 'button', class: 'lang-switch', 'data-testid': 'lang-switch', title: t('lang.switchTitle'), onclick: () => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN') }, t('lang.switch')),
    );
    const button = (testid: string, key: Parameters<typeof t>[0], run: () => Promise<void> | void) =>
      h('button', { type: 'button', class: 'export-button', 'data-testid': testid, onclick: () => void Promise.resolve(run()).catch((e) => this.showError(e)) }, t(key));
    this.exports.replaceChildren(
      button('export-csv', 'analytics.export.csv', () => download(cellsCsv(this.cells, this.valueName()), `${this.fileStem()}.csv`)),
      button('export-geojson', 'analytics.export.geojson', () => download(cellsGeoJson(this.cells, this.valueName()), `${this.fileStem()}.geojson`)),
      button('export-png', 'analytics.export.png', async () => download(await this.mapView.png(), `${this.fileStem()}.png`)),
    );
    this.filters?.render(this.state);
    this.legend.render(this.state.mode, this.state.res);
    this.slider.render();
    this.charts.render();
  }

  private async start(): Promise<void> {
    this.status.textContent = t('analytics.loading');
    const [config, district, streets, categories] = await Promise.all([
      api.config().catch(() => ({ basemapStyleUrl: null })),
      api.division(DISTRICT_CODE),
      api.divisions('street'),
      citizenApi.categories(),
    ]);
    const majors = new Map(categories.items.map((c) => [c.majorCode, c.majorName]));
    const own = streets.features.filter((f) => f.properties.code.startsWith(this.home) && f.properties.code !== this.home);
    this.filters = new FilterBar({
      areas: own.map((f) => ({ code: f.properties.code, name: f.properties.name })),
      categories: [...majors].sort().map(([code, name]) => ({ code, name })),
    }, (change) => this.update(change));
    this.filterSlot.replaceChildren(this.filters.element);
    const homeStreet = streets.features.find((f) => this.home.startsWith(f.properties.code));
    const bounds: Bbox = homeStreet && this.home.length > 6 ? bboxOf(homeStreet.geometry) : bboxOf(district.geometry);
    const series = await this.loadCharts();
    if (!this.state.week) {
      // The latest week with cases: the demo's data may end before today.
      const totals = this.weeks.map((_, i) => series.series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0));
      const last = totals.findLastIndex((n) => n > 0);
      this.state.week = this.weeks[last >= 0 ? last : this.weeks.length - 1].id;
      await this.loadCharts(); // answered from the cache: marks the chosen week
    }
    await this.mapView.start({ district, streets, basemapStyleUrl: config.basemapStyleUrl, bounds }, this.state, () => this.onMove());
    this.slider.setWeeks(this.weeks, this.weekIndex());
    this.renderTexts();
    saveState(this.state);
    await this.draw();
  }

  /** Applies a change of the view: the address, then what must be fetched again. */
  private update(change: Partial<ViewState>): void {
    const before = this.state;
    this.state = { ...before, ...change };
    saveState(this.state);
    const filtersChanged = before.area !== this.state.area || before.category !== this.state.category || before.source !== this.state.source;
    if (change.mode !== undefined || change.res !== undefined) this.legend.render(this.state.mode, this.state.res);
    if (change.week !== undefined) this.slider.show(this.weekIndex());
    this.filters?.render(this.state);
    if (filtersChanged || before.by !== this.state.by || before.week !== this.state.week) void this.loadCharts().catch((e) => this.showError(e));
    if (filtersChanged || before.mode !== this.state.mode || before.res !== this.state.res || before.week !== this.state.week) void this.draw();
  }

  private onMove(): void {
    const map = this.mapView.map;
    if (!map) return;
    const { lng, lat } = map.getCenter();
    this.state = { ...this.state, center: [lng, lat], zoom: map.getZoom() };
    saveState(this.state);
  }

  private async loadCharts(): Promise<SeriesAnswer> {
    const from = this.weeks[0].start.toISOString();
    const to = this.weeks[this.weeks.length - 1].end.toISOString();
    const area = this.state.area ?? this.home;
    const [bySource, byCategory, kpis] = await Promise.all([
      analyticsApi.series(this.filter, 'source', from, to),
      analyticsApi.series(this.filter, 'category', from, to),
      analyticsApi.kpis(levelOf(area), area, from, to).catch((error) => {
        console.warn('KPIs:', error);
        return null;
      }),
    ]);
    this.charts.show({ bySource, byCategory, kpis, stackBy: this.state.by, weeks: this.weeks.map((w) => w.id), current: this.weekIndex() });
    return bySource;
  }

  /** The cells of the current mode and week. */
  private async cellsOf(state: ViewState, week: Week): Promise<MapCell[]> {
    const from = week.start.toISOString();
    const to = week.end.toISOString();
    switch (state.mode) {
      case 'counts':
      case 'heat':
        return (await analyticsApi.heatmap(this.filter, state.res, from, to)).cells.map((c) => ({ cell: c.cell, value: c.count }));
      case 'hotspots':
        return (await analyticsApi.hotspots(this.filter, state.res, from, to)).cells.map((c) => ({ cell: c.cell, value: c.count, bin: c.bin }));
      case 'emerging':
        return (await analyticsApi.emerging(this.filter, state.res, to)).cells.map((c) => ({ cell: c.cell, value: c.total, category: c.category }));
      case 'forecast':
        return (await analyticsApi.forecast(this.filter, state.res, to)).cells.filter((c) => c.expected >= 0.5).map((c) => ({ cell: c.cell, value: c.expected }));
    }
  }

  private prefetch(index: number): void {
    const week = this.weeks[index];
    if (week) void this.cellsOf(this.state, week).catch(() => {});
  }

  private layers(cells: MapCell[]): Layer[] {
    const { mode, res } = this.state;
    if (mode === 'heat') return [heatLayer(cells)];
    const counts = countScale(res);
    const color = mode === 'hotspots' ? (c: MapCell) => rgba(binColor(c.bin ?? 0), c.bin ? 210 : 90)
      : mode === 'emerging' ? (c: MapCell) => rgba(emergingColor(c.category ?? 'no_pattern'), c.category === 'no_pattern' ? 90 : 210)
        : (c: MapCell) => rgba(counts.color(c.value), 210);
    return [hexagonLayer({
      cells, color, colorKey: `${mode}:${res}`,
      onHover: (cell, x, y) => this.mapView.showTooltip(cell ? this.describe(cell) : null, x, y),
    })];
  }

  private describe(cell: MapCell): string[] {
    const lines = [cell.cell, `${t(`analytics.value.${this.state.mode}`)}: ${formatNumber(cell.value, 2)}`];
    if (cell.bin !== undefined) lines.push(t('analytics.binOf', { bin: cell.bin }));
    if (cell.category) lines.push(t(`emerging.${cell.category}` as Parameters<typeof t>[0]));
    return lines;
  }

  private async draw(): Promise<void> {
    const ticket = ++this.drawn;
    const state = this.state;
    const week = this.weeks[this.weekIndex()];
    const container = this.mapView.container;
    container.dataset.drawn = '';
    // Hotspots and forecasts take a moment; a cached week (playback) should not flicker.
    const slow = setTimeout(() => {
      if (ticket === this.drawn) this.status.textContent = t('analytics.loading');
    }, 300);
    try {
      const cells = await this.cellsOf(state, week);
      clearTimeout(slow);
      if (ticket !== this.drawn) return;
      this.cells = cells;
      this.mapView.setLayers(this.layers(cells));
      const total = cells.reduce((sum, c) => sum + c.value, 0);
      this.status.textContent = t('analytics.summary', { cells: formatNumber(cells.length), total: formatNumber(total, 1), week: week.id });
      this.status.classList.remove('is-error');
      // Deck draws on its next frames: say so once they have passed (the browser test waits for it).
      await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
      if (ticket === this.drawn) container.dataset.drawn = `${state.mode}:${state.res}:${week.id}:${cells.length}`;
    } catch (error) {
      clearTimeout(slow);
      if (ticket !== this.drawn) return;
      this.cells = [];
      this.mapView.setLayers([]);
      this.showError(error);
      container.dataset.drawn = `${state.mode}:${state.res}:${week.id}:error`;
    }
  }

  private showError(error: unknown): void {
    console.warn('analysis:', error);
    const status = (error as { status?: number }).status;
    this.status.textContent = status === 404 ? t('analytics.unavailable') : `${t('app.loadFailed')}: ${error instanceof Error ? error.message : String(error)}`;
    this.status.classList.add('is-error');
  }

  private valueName(): string {
    return this.state.mode === 'forecast' ? 'expected' : 'count';
  }

  private fileStem(): string {
    const s = this.state;
    return ['lianqin', s.mode, `r${s.res}`, s.week, s.area, s.category, s.source].filter(Boolean).join('-');
  }
}
