/**
 * The early-warning strip (预警) under the KPIs: the grids of the chosen area whose cases over the
 * last 7 days exceed what the forecast expected (observed vs expected), worst first, and how many
 * H3 cells are in alert. For the district's commanders and the streets' dispatchers.
 */
import { alertsApi, type AlertReport } from '../../alerts-api.ts';
import { h } from '../../dom.ts';
import { formatNumber, t } from '../../i18n/index.ts';
import type { Area } from './filters.ts';

/** Grids named in the strip; the rest are counted. */
const SHOWN = 6;

export class AlertStrip {
  readonly element = h('section', { class: 'alert-strip', 'data-testid': 'alerts', 'aria-live': 'polite' });
  private report: AlertReport | null = null;
  private failed = false;
  private request: AbortController | undefined;
  private area: string | undefined;

  constructor() {
    this.render();
  }

  /** Loads the alerts of `area`, unless they are those shown or coming (the queue's other filters do not change them). */
  async load(area: Area): Promise<void> {
    const key = area.code ?? '';
    if (this.area === key && !this.failed) return;
    this.area = key;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    try {
      this.report = await alertsApi.alerts(area.code, request.signal);
      this.failed = false;
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn('alerts:', error);
      this.failed = true;
    }
    this.render();
  }

  render(): void {
    const report = this.report;
    const heading = h('h2', { class: 'alert-heading' }, t('alerts.title'));
    if (this.failed || !report) {
      this.element.dataset.state = this.failed ? 'error' : 'loading';
      this.element.replaceChildren(heading, h('span', { class: 'muted' }, this.failed ? t('alerts.failed') : '…'));
      return;
    }
    this.element.dataset.state = 'shown';
    const count = h('span', { class: `alert-count${report.grids.length ? ' alert-count-on' : ''}`, 'data-testid': 'alerts-count', title: t('alerts.countTitle') }, String(report.grids.length));
    const cells = h('span', { class: 'alert-cells muted', 'data-testid': 'alerts-cells' }, t('alerts.cells', { n: report.cells.length }));
    if (!report.grids.length) {
      this.element.replaceChildren(heading, count, h('span', { class: 'alert-none muted', 'data-testid': 'alerts-none' }, t('alerts.none')), cells);
      return;
    }
    const items = report.grids.slice(0, SHOWN).map((g) =>
      h('li', { class: 'alert-item', 'data-testid': 'alert-grid', 'data-code': g.code, title: t('alerts.itemTitle', { p: g.p.toPrecision(2), upper: g.upper }) },
        h('span', { class: 'alert-name' }, g.name ?? g.code),
        h('span', { class: 'alert-figures' }, t('alerts.figures', { observed: g.observed, expected: formatNumber(g.expected, 1) }))));
    const more = report.grids.length > SHOWN ? h('span', { class: 'muted' }, t('alerts.more', { n: report.grids.length - SHOWN })) : null;
    this.element.replaceChildren(heading, count, h('ul', { class: 'alert-list' }, items), ...(more ? [more] : []), cells);
  }
}
