/** The map's legend: the mode's fixed colour scale as an SVG list of swatches. */
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import type { Resolution } from '../../analytics-api.ts';
import { legendOf } from './scales.ts';
import type { Mode } from './state.ts';

const SVG = 'http://www.w3.org/2000/svg';
const ROW = 16;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export class AnalysisLegend {
  readonly element = h('section', { class: 'legend analytics-legend', 'data-testid': 'analytics-legend' });

  render(mode: Mode, res: Resolution): void {
    const entries = legendOf(mode, res);
    const heat = mode === 'heat';
    const width = 190;
    const height = heat ? 34 : entries.length * ROW + 2;
    const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t(`analytics.legend.${mode}`) });
    if (heat) {
      // A continuous ramp: equal stops, labelled at both ends.
      const step = (width - 2) / entries.length;
      entries.forEach((e, i) => chart.append(svg('rect', { x: 1 + i * step, y: 2, width: step + 0.5, height: 12, fill: e.color, 'data-color': e.color })));
      chart.append(svg('text', { x: 1, y: 30, class: 'legend-text' }, entries[0].label));
      chart.append(svg('text', { x: width - 1, y: 30, 'text-anchor': 'end', class: 'legend-text' }, entries[entries.length - 1].label));
    } else {
      entries.forEach((e, i) => {
        const row = svg('g', { transform: `translate(1, ${1 + i * ROW})`, 'data-testid': 'legend-entry' });
        row.append(svg('rect', { width: 18, height: 12, rx: 2, fill: e.color, stroke: '#8593a3', 'stroke-width': 0.5, 'data-color': e.color }));
        row.append(svg('text', { x: 26, y: 10, class: 'legend-text' }, e.label));
        chart.append(row);
      });
    }
    this.element.replaceChildren(h('h2', { class: 'legend-title' }, t(`analytics.legend.${mode}`)), chart);
  }
}
