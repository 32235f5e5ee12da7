/** The statistics map's legend: the classes of a d3 threshold scale (breaks from the data's quantiles). */
import { scaleThreshold, type ScaleThreshold } from 'd3-scale';
import { h } from '../../../dom.ts';
import { formatNumber, t } from '../../../i18n/index.ts';
import { quantileBreaks } from '../../../map/classify.ts';
import { COLORS } from '../../../map/theme.ts';

const CLASSES = COLORS.households.length;

/** A threshold scale over the counts: quantile breaks, the light-to-dark ramp of the theme. */
export function countScale(values: number[]): ScaleThreshold<number, string> {
  const breaks = quantileBreaks(values, CLASSES);
  const offset = Math.max(0, COLORS.households.length - (breaks.length + 1));
  return scaleThreshold<number, string>().domain(breaks).range(COLORS.households.slice(offset, offset + breaks.length + 1));
}

export function countLegend(scale: ScaleThreshold<number, string>, title: string): HTMLElement {
  const breaks = scale.domain();
  const items = scale.range().map((color, i) => {
    const text = !breaks.length ? t('gdb.stats.allSame')
      : i === 0 ? `< ${formatNumber(breaks[0])}`
        : i === breaks.length ? `≥ ${formatNumber(breaks[i - 1])}`
          : `${formatNumber(breaks[i - 1])} – ${formatNumber(breaks[i])}`;
    return h('li', { 'data-testid': 'stats-legend-class' }, h('span', { class: 'swatch', style: `background:${color}` }), text);
  });
  return h('section', { class: 'legend gdb-legend', 'data-testid': 'stats-legend' },
    h('h2', { class: 'legend-title' }, title),
    h('ul', { class: 'legend-list' }, items));
}
