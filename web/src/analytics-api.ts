/**
 * The analyses (/api/v1/analytics, /kpis) for the analyst view, through typed clients of their
 * routes. Answers are cached per query, so stepping back and forth through weeks fetches each once.
 */
import type { AnalyticsRoutes } from '../../api/analytics/routes.ts';
import type { Source } from '../../api/incidents/model.ts';
import { client, read } from './api.ts';
import { casesApi } from './cases-api.ts';

const analytics = client<AnalyticsRoutes>();

/** The filter every analysis takes (empty: all). */
export interface AnalysisFilter {
  area?: string;
  category?: string;
  source?: Source;
}

export type Resolution = 7 | 8 | 9 | 10;

const cache = new Map<string, Promise<unknown>>();

/** One request per distinct query; a failed one is forgotten so that it can be retried. */
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let found = cache.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

const query = (f: AnalysisFilter) => ({ area: f.area, category: f.category, source: f.source });
const keyOf = (name: string, params: object) => `${name}?${JSON.stringify(params)}`;

export const analyticsApi = {
  heatmap: (f: AnalysisFilter, res: Resolution, from: string, to: string) => {
    const q = { ...query(f), res: String(res), from, to };
    return cached(keyOf('heatmap', q), () => read(analytics.analytics.heatmap.$get({ query: q })));
  },
  series: (f: AnalysisFilter, by: 'category' | 'source', from: string, to: string) => {
    const q = { ...query(f), step: 'week' as const, by, from, to };
    return cached(keyOf('series', q), () => read(analytics.analytics.series.$get({ query: q })));
  },
  forecast: (f: AnalysisFilter, res: Resolution, from: string) => {
    const q = { ...query(f), res: String(res), horizon: '7d', from };
    return cached(keyOf('forecast', q), () => read(analytics.analytics.forecast.$get({ query: q })));
  },
  hotspots: (f: AnalysisFilter, res: Resolution, from: string, to: string) => {
    const q = { ...query(f), res: String(res), k: '1', from, to };
    return cached(keyOf('hotspots', q), () => read(analytics.analytics.hotspots.$get({ query: q })));
  },
  emerging: (f: AnalysisFilter, res: Resolution, to: string) => {
    const q = { ...query(f), res: String(res), step: 'week' as const, steps: '12', to };
    return cached(keyOf('emerging', q), () => read(analytics.analytics.emerging.$get({ query: q })));
  },
  kpis: (level: 'district' | 'street' | 'community' | 'grid', code: string, from: string, to: string) =>
    cached(keyOf('kpis', { level, code, from, to }), () => casesApi.kpis(level, code, from, to)),
};

export type HeatmapAnswer = Awaited<ReturnType<typeof analyticsApi.heatmap>>;
export type SeriesAnswer = Awaited<ReturnType<typeof analyticsApi.series>>;
export type HotspotAnswer = Awaited<ReturnType<typeof analyticsApi.hotspots>>;
export type EmergingAnswer = Awaited<ReturnType<typeof analyticsApi.emerging>>;
export type ForecastAnswer = Awaited<ReturnType<typeof analyticsApi.forecast>>;
export type KpiAnswer = Awaited<ReturnType<typeof analyticsApi.kpis>>;
