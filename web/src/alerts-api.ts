/**
 * Early warning (/api/v1/alerts): the grids and cells whose cases over the last 7 days exceed
 * their forecast's upper bound. Typed by the server's routes (a type-only import).
 */
import type { ForecastRoutes } from '../../api/analytics/forecast/routes.ts';
import { client, read } from './api.ts';

const forecasts = client<ForecastRoutes>();

export type AlertReport = Awaited<ReturnType<typeof alertsApi.alerts>>;
export type GridAlert = AlertReport['grids'][number];

export const alertsApi = {
  /** Alerts of an area (the user's jurisdiction without one). */
  alerts: (area?: string, signal?: AbortSignal) => read(forecasts.alerts.$get({ query: { area } }, signal ? { init: { signal } } : undefined)),
};
