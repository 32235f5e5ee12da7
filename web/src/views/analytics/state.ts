/**
 * What a view shows, kept in the query string (history.replaceState) so that a link opens the
 * same view: the map mode, the H3 resolution, the filters, the week and the camera.
 */
import { SOURCES, type Source } from '../../../../api/incidents/model.ts';
import type { Resolution } from '../../analytics-api.ts';

export const MODES = ['counts', 'heat', 'hotspots', 'emerging', 'forecast'] as const;
export type Mode = (typeof MODES)[number];
export const RESOLUTIONS: readonly Resolution[] = [7, 8, 9, 10];

export interface ViewState {
  mode: Mode;
  res: Resolution;
  /** A street (or the user's own area); null: the user's jurisdiction. */
  area: string | null;
  /** A 2-digit major class. */
  category: string | null;
  source: Source | null;
  /** The week's Monday (YYYY-MM-DD); null: the latest week with cases. */
  week: string | null;
  /** Charts stacked by source or by major class. */
  by: 'source' | 'category';
  center: [number, number] | null;
  zoom: number | null;
}

export const DEFAULT_STATE: ViewState = { mode: 'counts', res: 9, area: null, category: null, source: null, week: null, by: 'source', center: null, zoom: null };

const oneOf = <T extends string | number>(values: readonly T[], value: unknown): T | undefined => values.find((v) => String(v) === value);

export function readState(search: string): ViewState {
  const p = new URLSearchParams(search);
  const center = p.get('center')?.split(',').map(Number);
  const zoom = Number(p.get('zoom'));
  return {
    mode: oneOf(MODES, p.get('mode')) ?? DEFAULT_STATE.mode,
    res: oneOf(RESOLUTIONS, p.get('res')) ?? DEFAULT_STATE.res,
    area: /^\d{6,15}$/.test(p.get('area') ?? '') ? p.get('area') : null,
    category: /^\d{2}$/.test(p.get('category') ?? '') ? p.get('category') : null,
    source: oneOf(SOURCES, p.get('source')) ?? null,
    week: /^\d{4}-\d{2}-\d{2}$/.test(p.get('week') ?? '') ? p.get('week') : null,
    by: p.get('by') === 'category' ? 'category' : 'source',
    center: center?.length === 2 && center.every(Number.isFinite) ? [center[0], center[1]] : null,
    zoom: p.has('zoom') && Number.isFinite(zoom) ? zoom : null,
  };
}

/** The query string of a state; defaults are left out to keep links short. */
export function writeState(state: ViewState): string {
  const p = new URLSearchParams();
  p.set('mode', state.mode);
  p.set('res', String(state.res));
  if (state.area) p.set('area', state.area);
  if (state.category) p.set('category', state.category);
  if (state.source) p.set('source', state.source);
  if (state.week) p.set('week', state.week);
  if (state.by !== DEFAULT_STATE.by) p.set('by', state.by);
  if (state.center) p.set('center', state.center.map((x) => x.toFixed(5)).join(','));
  if (state.zoom !== null) p.set('zoom', state.zoom.toFixed(2));
  return `?${p}`;
}

/** Replaces the address bar's query without a new history entry. */
export function saveState(state: ViewState): void {
  history.replaceState(null, '', `${location.pathname}${writeState(state)}${location.hash}`);
}
