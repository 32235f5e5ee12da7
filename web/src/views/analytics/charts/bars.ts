/** Horizontal bars with their values (d3): cases by major class or source, on-time rate by department. */
import { axisBottom } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';

export interface Bar {
  key: string;
  label: string;
  value: number;
}

export interface BarOptions {
  testid: string;
  color: string;
  /** The value as written at the end of its bar. */
  format?: (value: number) => string;
  /** Fixed upper end of the axis (1 for rates); the largest value otherwise. */
  max?: number;
}

const WIDTH = 360;
const ROW = 18;
const MARGIN = { top: 4, right: 48, bottom: 20, left: 120 };

export function drawBars(container: HTMLElement, bars: Bar[], options: BarOptions): void {
  const format = options.format ?? ((v: number) => v.toLocaleString());
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, bars.length) * ROW;
  const x = scaleLinear().domain([0, options.max ?? Math.max(1, ...bars.map((b) => b.value))]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleBand<string>().domain(bars.map((b) => b.key)).range([MARGIN.top, height - MARGIN.bottom]).padding(0.18);
  const svg = select(container).selectAll('svg').data([null]).join('svg')
    .attr('viewBox', `0 0 ${WIDTH} ${height}`).attr('class', 'chart').attr('data-testid', options.testid);
  svg.selectAll('*').remove();
  const row = svg.append('g').selectAll('g').data(bars).join('g').attr('transform', (b) => `translate(0, ${y(b.key)})`);
  row.append('text').attr('class', 'chart-label').attr('x', MARGIN.left - 6).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end')
    .text((b) => (b.label.length > 9 ? `${b.label.slice(0, 8)}…` : b.label)).append('title').text((b) => b.label);
  row.append('rect').attr('x', MARGIN.left).attr('height', y.bandwidth()).attr('width', (b) => Math.max(0, x(b.value) - MARGIN.left)).attr('fill', options.color);
  row.append('text').attr('class', 'chart-value').attr('x', (b) => x(b.value) + 4).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').text((b) => format(b.value));
  svg.append('g').attr('transform', `translate(0, ${height - MARGIN.bottom})`).call(axisBottom(x).ticks(4, options.max === 1 ? '%' : 's'));
}
