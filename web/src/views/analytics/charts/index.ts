/**
 * The charts beside the map: cases by week (stacked), totals by major class and by source, the
 * 80/16/4 funnel per area and the on-time rate by department (from GET /kpis).
 */
import type { KpiAnswer, SeriesAnswer } from '../../../analytics-api.ts';
import { h } from '../../../dom.ts';
import { label, t } from '../../../i18n/index.ts';
import { drawBars } from './bars.ts';
import { drawFunnel, FUNNEL_COLORS } from './funnel.ts';
import { drawWeekly } from './weekly.ts';

export interface ChartData {
  byCategory: SeriesAnswer;
  bySource: SeriesAnswer;
  stackBy: 'category' | 'source';
  kpis: KpiAnswer | null;
  /** Week labels (YYYY-MM-DD of Mondays) matching the series' steps. */
  weeks: string[];
  current: number;
}

const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
const sourceName = (key: string) => label(`source.${key}`, key);

export class ChartsPanel {
  readonly element = h('aside', { class: 'analytics-charts', 'data-testid': 'analytics-charts' });
  private readonly weekly = h('div', { class: 'chart-box' });
  private readonly categories = h('div', { class: 'chart-box' });
  private readonly sources = h('div', { class: 'chart-box' });
  private readonly funnel = h('div', { class: 'chart-box' });
  private readonly onTime = h('div', { class: 'chart-box' });
  private readonly stackSwitch = h('select', { 'data-testid': 'stack-by' });
  private data: ChartData | undefined;

  constructor(
    private readonly onPickWeek: (index: number) => void,
    private readonly onStackBy: (by: 'category' | 'source') => void,
  ) {
    this.stackSwitch.addEventListener('change', () => this.onStackBy(this.stackSwitch.value as 'category' | 'source'));
  }

  show(data: ChartData): void {
    this.data = data;
    this.render();
  }

  render(): void {
    const data = this.data;
    const heading = (key: Parameters<typeof t>[0], ...extra: Node[]) => h('h3', { class: 'chart-title' }, t(key), ...extra);
    this.stackSwitch.replaceChildren(
      h('option', { value: 'source', selected: data?.stackBy === 'source' }, t('analytics.stackBySource')),
      h('option', { value: 'category', selected: data?.stackBy === 'category' }, t('analytics.stackByCategory')),
    );
    const legend = h('ul', { class: 'chart-keys' },
      (['grid', 'street', 'district'] as const).map((level) => h('li', {}, h('span', { class: 'chart-key', style: `background:${FUNNEL_COLORS[level]}` }), t(`level.${level}`))));
    this.element.replaceChildren(
      h('section', {}, heading('analytics.chart.weekly', this.stackSwitch), this.weekly),
      h('section', { class: 'chart-pair' }, h('div', {}, heading('analytics.chart.categories'), this.categories), h('div', {}, heading('analytics.chart.sources'), this.sources)),
      h('section', {}, heading('analytics.chart.funnel'), legend, this.funnel),
      h('section', {}, heading('analytics.chart.onTime'), this.onTime),
    );
    if (!data) return;
    const stacked = data.stackBy === 'source' ? data.bySource.series.map((s) => ({ ...s, name: sourceName(s.key) })) : data.byCategory.series;
    drawWeekly(this.weekly, data.weeks, stacked, data.current, this.onPickWeek);
    drawBars(this.categories, data.byCategory.series.slice(0, 10).map((s) => ({ key: s.key, label: s.name, value: total(s.counts) })), { testid: 'chart-categories', color: '#4c78a8' });
    drawBars(this.sources, data.bySource.series.map((s) => ({ key: s.key, label: sourceName(s.key), value: total(s.counts) })), { testid: 'chart-sources', color: '#f58518' });
    if (!data.kpis) return;
    drawFunnel(this.funnel, data.kpis.byArea.filter((a) => a.closed > 0).map((a) => ({ code: a.code, name: a.name, closed: a.closed, ...a.funnel })));
    drawBars(this.onTime, data.kpis.byDepartment.filter((d) => d.onTimeRate !== null).map((d) => ({ key: d.code, label: d.name ?? d.code, value: d.onTimeRate ?? 0 })),
      { testid: 'chart-on-time', color: '#54a24b', max: 1, format: (v) => `${(v * 100).toFixed(1)} %` });
  }
}
