/**
 * Grids coloured by a count (records of one category in each grid): fills in classes from
 * `breaks` (ascending) and `colors` (one more than breaks), outlines, and a hover highlight
 * through feature-state (keyed by grid code).
 */
import type { ExpressionSpecification, GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { AreaGeometry } from '../../api.ts';
import { COLORS } from '../theme.ts';

export const GRID_COUNT_SOURCE_ID = 'grid-counts';
export const GRID_COUNT_FILL_LAYER_ID = 'grid-count-fill';
export const GRID_COUNT_OUTLINE_LAYER_ID = 'grid-count-outline';

export interface GridCountProperties {
  code: string;
  name: string;
  /** null: not loaded (yet). */
  count: number | null;
}

export type GridCountCollection = FeatureCollection<AreaGeometry, GridCountProperties>;

/** Not-loaded grids are drawn pale. */
const NO_DATA = '#f4f6f8';

function fillColor(breaks: number[], colors: readonly string[]): ExpressionSpecification {
  const steps: ExpressionSpecification | string = breaks.length
    ? ['step', ['get', 'count'], colors[0], ...breaks.flatMap((limit, i) => [limit, colors[i + 1]])]
    : colors[0];
  return ['case', ['==', ['get', 'count'], null], NO_DATA, steps];
}

export function addGridCountLayers(map: MapLibreMap, grids: GridCountCollection): void {
  map.addSource(GRID_COUNT_SOURCE_ID, { type: 'geojson', promoteId: 'code', data: grids });
  map.addLayer({
    id: GRID_COUNT_FILL_LAYER_ID,
    type: 'fill',
    source: GRID_COUNT_SOURCE_ID,
    paint: {
      'fill-color': NO_DATA,
      'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.95, 0.8],
    },
  });
  map.addLayer({
    id: GRID_COUNT_OUTLINE_LAYER_ID,
    type: 'line',
    source: GRID_COUNT_SOURCE_ID,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], COLORS.gridSelected, COLORS.gridOutline],
      'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2.5, 0.6],
    },
  });
}

/** New counts and classes. */
export function setGridCounts(map: MapLibreMap, grids: GridCountCollection, breaks: number[], colors: readonly string[]): void {
  (map.getSource(GRID_COUNT_SOURCE_ID) as GeoJSONSource).setData(grids);
  map.setPaintProperty(GRID_COUNT_FILL_LAYER_ID, 'fill-color', fillColor(breaks, colors));
}

/** Marks one grid as hovered (or none); returns the new hovered code. */
export function setHoveredGridCount(map: MapLibreMap, previous: string | null, next: string | null): string | null {
  if (previous === next) return next;
  if (previous) map.setFeatureState({ source: GRID_COUNT_SOURCE_ID, id: previous }, { hover: false });
  if (next) map.setFeatureState({ source: GRID_COUNT_SOURCE_ID, id: next }, { hover: true });
  return next;
}
