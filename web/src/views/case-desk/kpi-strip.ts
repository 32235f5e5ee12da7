/** The KPI strip: registered, closed, completion and on-time rates of the chosen area and period (/kpis). */
import { casesApi, type KpiReport } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import { formatPercent, shanghaiDay } from '../../format.ts';
import type { Area } from './filters.ts';

export class KpiStrip {
  readonly element = h('section', { class: 'kpi-strip', 'data-testid': 'kpis', 'aria-live': 'polite' });
  private report: KpiReport | null = null;
  private failed = false;
  private custom = false;
  private request: AbortController | undefined;

  constructor() {
    this.render();
  }

  /** Loads the KPIs of `area` for cases registered in [from, to) (the server's last 30 days without them). */
  async load(area: Area, from?: string, to?: string): Promise<void> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.custom = Boolean(from || to);
    try {
      this.report = await casesApi.kpis(area.level, area.code, from, to, request.signal);
      this.failed = false;
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn('kpis:', error);
      this.failed = true;
    }
    this.render();
  }

  render(): void {
    const report = this.report;
    if (this.failed || !report) {
      this.element.replaceChildren(h('span', { class: 'kpi-scope muted' }, this.failed ? t('kpi.failed') : '…'));
      return;
    }
    const totals = report.totals;
    // `to` is exclusive: the period shown ends the day before.
    const period = this.custom ? `${shanghaiDay(new Date(report.from))} – ${shanghaiDay(new Date(new Date(report.to).getTime() - 1))}` : t('kpi.last30');
    const metric = (id: string, name: string, value: string) =>
      h('div', { class: 'kpi', 'data-testid': `kpi-${id}` }, h('span', { class: 'kpi-label' }, name), h('span', { class: 'kpi-value' }, value));
    this.element.replaceChildren(
      h('span', { class: 'kpi-scope' }, t('kpi.scope', { area: report.scope.name, period })),
      metric('registered', t('kpi.registered'), formatNumber(totals.registered)),
      metric('closed', t('kpi.closed'), formatNumber(totals.closed)),
      metric('completion', t('kpi.completionRate'), formatPercent(totals.completionRate)),
      metric('ontime', t('kpi.onTimeRate'), formatPercent(totals.onTimeRate)),
    );
  }
}
