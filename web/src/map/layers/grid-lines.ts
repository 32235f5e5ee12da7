/** Grid boundaries as thin lines only: context under the desk's case points, no fills. */
import type { MapLibreMap } from 'maplibre-gl';
import type { GridCollection } from '../../api.ts';
import { COLORS } from '../theme.ts';

export const GRID_LINE_SOURCE_ID = 'grid-lines';
export const GRID_LINE_LAYER_ID = 'grid-lines';

/** Grids are small: their lines come in from this zoom. */
export const GRID_LINE_MIN_ZOOM = 11.5;

export function addGridLineLayer(map: MapLibreMap, grids: GridCollection): void {
  map.addSource(GRID_LINE_SOURCE_ID, { type: 'geojson', data: grids });
  map.addLayer({
    id: GRID_LINE_LAYER_ID,
    type: 'line',
    source: GRID_LINE_SOURCE_ID,
    minzoom: GRID_LINE_MIN_ZOOM,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': COLORS.gridOutline,
      'line-width': ['interpolate', ['linear'], ['zoom'], GRID_LINE_MIN_ZOOM, 0.4, 15, 1.2],
      'line-opacity': ['interpolate', ['linear'], ['zoom'], GRID_LINE_MIN_ZOOM, 0, GRID_LINE_MIN_ZOOM + 0.5, 0.7],
    },
  });
}
