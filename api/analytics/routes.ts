/** The analyses under /api/v1/analytics: one route factory per analysis. */
import { Hono } from 'hono';
import type { AppDeps } from '../context.ts';
import { emergingRoutes } from './emerging.ts';
import { forecastRoutes } from './forecast/routes.ts';
import { heatmapRoutes } from './heatmap.ts';
import { hotspotRoutes } from './hotspots.ts';
import { sourcesRoutes } from './sources.ts';

export function analyticsRoutes(deps: AppDeps) {
  return new Hono()
    .route('/', heatmapRoutes(deps))
    .route('/', hotspotRoutes(deps))
    .route('/', emergingRoutes(deps))
    .route('/', sourcesRoutes(deps))
    .route('/', forecastRoutes(deps));
}

/** The routes of /analytics, for typed clients. */
export type AnalyticsRoutes = ReturnType<typeof analyticsRoutes>;
