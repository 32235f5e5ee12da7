/**
 * The escalation funnel per area: the share of closed cases closed at grid, street and district
 * level as one 100 % bar per area, against the 80/16/4 target (marks at 80 % and 96 %).
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';

export interface FunnelRow {
  code: string;
  name: string;
  closed: number;
  grid: number | null;
  street: number | null;
  district: number | null;
}

export const FUNNEL_COLORS = { grid: '#2b8a3e', street: '#f08c00', district: '#c92a2a' } as const;
const LEVELS = ['grid', 'street', 'district'] as const;
const WIDTH = 360;
const ROW = 20;
const MARGIN = { top: 4, right: 8, bottom: 6, left: 120 };

export function drawFunnel(container: HTMLElement, rows: FunnelRow[]): void {
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, rows.length) * ROW;
  const x = scaleLinear().domain([0, 1]).range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleBand<string>().domain(rows.map((r) => r.code)).range([MARGIN.top, height - MARGIN.bottom]).padding(0.2);
  const svg = select(container).selectAll('svg').data([null]).join('svg')
    .attr('viewBox', `0 0 ${WIDTH} ${height}`).attr('class', 'chart').attr('data-testid', 'chart-funnel');
  svg.selectAll('*').remove();
  const row = svg.append('g').selectAll('g').data(rows).join('g').attr('transform', (r) => `translate(0, ${y(r.code)})`);
  row.append('text').attr('class', 'chart-label').attr('x', MARGIN.left - 6).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end')
    .text((r) => (r.name.length > 9 ? `${r.name.slice(0, 8)}…` : r.name)).append('title').text((r) => `${r.name}: ${r.closed}`);
  row.selectAll('rect').data((r) => {
    let start = 0;
    return LEVELS.map((level) => {
      const share = r[level] ?? 0;
      const part = { level, start, share, r };
      start += share;
      return part;
    });
  }).join('rect')
    .attr('x', (p) => x(p.start)).attr('width', (p) => Math.max(0, x(p.start + p.share) - x(p.start))).attr('height', y.bandwidth())
    .attr('fill', (p) => FUNNEL_COLORS[p.level])
    .append('title').text((p) => `${p.r.name} · ${p.level}: ${(p.share * 100).toFixed(1)} %`);
  for (const target of [0.8, 0.96]) {
    svg.append('line').attr('class', 'chart-target').attr('x1', x(target)).attr('x2', x(target)).attr('y1', MARGIN.top).attr('y2', height - MARGIN.bottom);
  }
}
