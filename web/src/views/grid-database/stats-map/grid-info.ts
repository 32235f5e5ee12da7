/** The numbers of one grid on the statistics map: the chosen category, all records, households, population, its largest categories. */
import { h } from '../../../dom.ts';
import { formatNumber, locale, t } from '../../../i18n/index.ts';
import type { StatsView } from '../../../grid-database-api.ts';
import { categoryName } from '../context.ts';

const TOP = 5;

export function gridInfo(stats: StatsView, category: string, onClose: () => void): HTMLElement {
  const lang = locale();
  const chosen = stats.entities.byCategory.find((c) => c.code === category);
  const top = [...stats.entities.byCategory].sort((a, b) => b.count - a.count).slice(0, TOP);
  const row = (label: string, value: string, testid?: string) => [h('dt', {}, label), h('dd', { 'data-testid': testid }, value)];
  return h('section', { class: 'grid-info', 'data-testid': 'stats-grid-info', 'data-grid': stats.code },
    h('header', { class: 'job-head' },
      h('h2', { class: 'section-title' }, stats.name, h('span', { class: 'muted small' }, ` ${stats.code}`)),
      h('button', { type: 'button', class: 'link-button', onclick: onClose }, t('detail.close'))),
    h('dl', { class: 'record-fields' },
      row(chosen ? categoryName(chosen, lang) : category, formatNumber(stats.entities.byCategory.find((c) => c.code === category)?.count ?? 0), 'stats-grid-count'),
      row(t('gdb.stats.total'), formatNumber(stats.entities.total), 'stats-grid-total'),
      row(t('panel.households'), formatNumber(stats.households)),
      row(t('panel.population'), formatNumber(stats.population)),
      row(t('gdb.stats.density'), `${formatNumber(stats.density.entitiesPerKm2)} / ${t('unit.km2')}`)),
    h('h3', {}, t('gdb.stats.top')),
    h('ol', { class: 'top-categories' }, top.map((c) => h('li', {}, `${categoryName(c, lang)} `, h('span', { class: 'muted' }, formatNumber(c.count))))),
  );
}
