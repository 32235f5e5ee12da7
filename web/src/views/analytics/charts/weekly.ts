/**
 * Cases by week, stacked by source or by major class (d3-shape stack); the week on the map is
 * marked, and a click on a week shows it on the map.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear, scaleOrdinal } from 'd3-scale';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { select } from 'd3-selection';
import { stack } from 'd3-shape';

export interface WeeklySeries {
  key: string;
  name: string;
  counts: number[];
}

const WIDTH = 560;
const HEIGHT = 220;
const MARGIN = { top: 8, right: 8, bottom: 22, left: 40 };

/** Stable colours per key (sources and major classes keep theirs between filters). */
const colorOf = scaleOrdinal<string, string>(schemeTableau10);

export function drawWeekly(container: HTMLElement, labels: string[], series: WeeklySeries[], current: number, onPick: (index: number) => void): void {
  const rows = labels.map((_, i) => Object.fromEntries(series.map((s) => [s.key, s.counts[i] ?? 0])) as Record<string, number>);
  const stacked = stack<Record<string, number>>().keys(series.map((s) => s.key))(rows);
  const top = Math.max(1, ...stacked.flatMap((layer) => layer.map((d) => d[1])));
  const x = scaleBand<number>().domain(labels.map((_, i) => i)).range([MARGIN.left, WIDTH - MARGIN.right]).padding(0.12);
  const y = scaleLinear().domain([0, top]).nice().range([HEIGHT - MARGIN.bottom, MARGIN.top]);

  const svg = select(container).selectAll('svg').data([null]).join('svg')
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`).attr('class', 'chart').attr('data-testid', 'chart-weekly');
  svg.selectAll('*').remove();
  svg.append('rect').attr('class', 'chart-current')
    .attr('x', (x(current) ?? 0) - 1).attr('width', x.bandwidth() + 2).attr('y', MARGIN.top).attr('height', HEIGHT - MARGIN.top - MARGIN.bottom);
  svg.append('g').selectAll('g').data(stacked).join('g').attr('fill', (layer) => colorOf(layer.key))
    .selectAll('rect').data((layer) => layer.map((d, i) => ({ d, i }))).join('rect')
    .attr('x', ({ i }) => x(i) ?? 0).attr('width', x.bandwidth())
    .attr('y', ({ d }) => y(d[1])).attr('height', ({ d }) => Math.max(0, y(d[0]) - y(d[1])))
    .on('click', (_event, { i }) => onPick(i))
    .append('title').text(({ i }) => `${labels[i]}: ${series.reduce((sum, s) => sum + (s.counts[i] ?? 0), 0)}`);
  const every = Math.ceil(labels.length / 8);
  svg.append('g').attr('transform', `translate(0, ${HEIGHT - MARGIN.bottom})`)
    .call(axisBottom(x).tickValues(x.domain().filter((i) => i % every === 0)).tickFormat((i) => labels[i].slice(5)));
  svg.append('g').attr('transform', `translate(${MARGIN.left}, 0)`).call(axisLeft(y).ticks(5));

  const legend = select(container).selectAll('ul').data([null]).join('ul').attr('class', 'chart-keys');
  legend.selectAll('li').data(series).join('li')
    .html('')
    .call((li) => li.append('span').attr('class', 'chart-key').style('background', (s) => colorOf(s.key)))
    .append('span').text((s) => s.name);
}
