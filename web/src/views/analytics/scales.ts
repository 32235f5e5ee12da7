/**
 * The colour scale of each map mode, fixed per mode (and per resolution for counts), never
 * re-fitted to the data shown: two views, two weeks or two filters compare by colour. Colours
 * come from d3-scale-chromatic's ColorBrewer schemes, the classes from d3-scale.
 */
import { scaleOrdinal, scaleThreshold } from 'd3-scale';
import { schemeRdBu, schemeYlOrRd } from 'd3-scale-chromatic';
import { label, t } from '../../i18n/index.ts';
import type { Resolution } from '../../analytics-api.ts';
import type { Mode } from './state.ts';

export type Rgba = [number, number, number, number];

export interface LegendEntry {
  color: string;
  label: string;
}

/** '#rrggbb' as deck.gl's [r, g, b, a]. */
export function rgba(hex: string, alpha = 255): Rgba {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

/**
 * Class limits of cases per cell and week: a coarser cell holds about 7 finer ones. Chosen from
 * the Pukou demo (most r9 cells see 1–3 cases a week) so that the top class stays rare.
 */
const COUNT_LIMITS: Record<Resolution, number[]> = {
  10: [2, 3, 4, 6, 8],
  9: [2, 3, 5, 8, 12],
  8: [3, 6, 12, 20, 35],
  7: [5, 15, 40, 80, 150],
};
export const COUNT_COLORS: readonly string[] = schemeYlOrRd[6];

/** Cases (or expected cases) per cell and week. */
export function countScale(res: Resolution) {
  const limits = COUNT_LIMITS[res];
  const scale = scaleThreshold<number, string>().domain(limits).range(COUNT_COLORS);
  const legend = (): LegendEntry[] => COUNT_COLORS.map((color, i) => {
    const low = i === 0 ? 1 : limits[i - 1];
    const high = i < limits.length ? limits[i] - 1 : null;
    return { color, label: high === null ? `≥ ${low}` : low >= high ? String(low) : `${low}–${high}` };
  });
  return { color: (n: number) => scale(n), legend };
}

/** Gi* confidence bins −3..3 (99/95/90 % cold … hot): red is hot, blue cold, grey not significant. */
const BIN_COLORS: readonly string[] = [...schemeRdBu[7]].reverse().map((c, i) => (i === 3 ? '#d9d9d9' : c));
const BIN_CONFIDENCE = [99, 95, 90];

export function binColor(bin: number): string {
  return BIN_COLORS[Math.max(-3, Math.min(3, Math.round(bin))) + 3];
}

export function binLegend(): LegendEntry[] {
  return [3, 2, 1, 0, -1, -2, -3].map((bin) => ({
    color: binColor(bin),
    label: bin === 0 ? t('analytics.bin.none') : t(bin > 0 ? 'analytics.bin.hot' : 'analytics.bin.cold', { p: BIN_CONFIDENCE[3 - Math.abs(bin)] }),
  }));
}

/** The 17 categories of the emerging hot spot analysis (ArcGIS's), hot then cold, then none. */
export const EMERGING_CATEGORIES = [
  'new_hot', 'consecutive_hot', 'intensifying_hot', 'persistent_hot', 'diminishing_hot', 'sporadic_hot', 'oscillating_hot', 'historical_hot',
  'new_cold', 'consecutive_cold', 'intensifying_cold', 'persistent_cold', 'diminishing_cold', 'sporadic_cold', 'oscillating_cold', 'historical_cold',
  'no_pattern',
] as const;

const EMERGING_COLORS = [
  '#fee391', '#fec44f', '#e31a1c', '#800026', '#fd8d3c', '#f768a1', '#ae017e', '#bf812d',
  '#c7e9b4', '#7fcdbb', '#225ea8', '#081d58', '#41b6c4', '#9e9ac8', '#54278f', '#80cdc1',
  '#e8e8e8',
];

const emergingScale = scaleOrdinal<string, string>().domain(EMERGING_CATEGORIES).range(EMERGING_COLORS).unknown('#e8e8e8');

export const emergingColor = (category: string) => emergingScale(category);

export function emergingLegend(): LegendEntry[] {
  return EMERGING_CATEGORIES.map((category) => ({ color: emergingScale(category), label: label(`emerging.${category}`, category) }));
}

/** The heat layer's colours and its fixed density domain (cases per pixel kernel, summed). */
export const HEAT_COLORS: readonly string[] = schemeYlOrRd[6];
export const HEAT_DOMAIN: [number, number] = [0.005, 0.2];

export function heatLegend(): LegendEntry[] {
  return HEAT_COLORS.map((color, i) => ({ color, label: i === 0 ? t('analytics.heat.low') : i === HEAT_COLORS.length - 1 ? t('analytics.heat.high') : '' }));
}

/** The legend of a mode. */
export function legendOf(mode: Mode, res: Resolution): LegendEntry[] {
  if (mode === 'hotspots') return binLegend();
  if (mode === 'emerging') return emergingLegend();
  if (mode === 'heat') return heatLegend();
  return countScale(res).legend();
}
