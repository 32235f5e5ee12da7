/**
 * Grids (网格), the unit of the joint-duty system: fills coloured by urban/rural or by
 * households, outlines, and hover/selection highlights through feature-state (keyed by code).
 */
import type { ExpressionSpecification, MapLibreMap } from 'maplibre-gl';
import type { GridCollection } from '../../api.ts';
import { COLORS, ZOOM } from '../theme.ts';

export const GRID_SOURCE_ID = 'grids';
export const GRID_FILL_LAYER_ID = 'grid-fill';
export const GRID_OUTLINE_LAYER_ID = 'grid-outline';
export const GRID_HIGHLIGHT_LAYER_ID = 'grid-highlight';

export type GridColorMode = 'kind' | 'households';

/** How grids are coloured: by kind, or by households in classes starting at `breaks` (ascending). */
export interface GridColoring {
  mode: GridColorMode;
  householdBreaks: number[];
}

/** The colour of each household class: one more class than breaks, from the light end of the ramp. */
export function householdColors(breaks: number[]): string[] {
  const ramp = COLORS.households;
  const offset = Math.max(0, ramp.length - (breaks.length + 1));
  return ramp.slice(offset, offset + breaks.length + 1);
}

function fillColor({ mode, householdBreaks }: GridColoring): ExpressionSpecification | string {
  if (mode === 'kind') return ['match', ['get', 'kind'], 'rural', COLORS.rural, COLORS.urban];
  const colors = householdColors(householdBreaks);
  if (!householdBreaks.length) return colors[0];
  const stops = householdBreaks.flatMap((limit, i) => [limit, colors[i + 1]]);
  return ['step', ['get', 'households'], colors[0], ...stops];
}

export function addGridLayers(map: MapLibreMap, grids: GridCollection, coloring: GridColoring): void {
  map.addSource(GRID_SOURCE_ID, { type: 'geojson', promoteId: 'code', data: grids });
  map.addLayer({
    id: GRID_FILL_LAYER_ID,
    type: 'fill',
    source: GRID_SOURCE_ID,
    minzoom: ZOOM.gridMin,
    paint: {
      'fill-color': fillColor(coloring),
      'fill-opacity': [
        'case',
        ['boolean', ['feature-state', 'selected'], false], 0.8,
        ['boolean', ['feature-state', 'hover'], false], 0.75,
        0.5,
      ],
    },
  });
  map.addLayer({
    id: GRID_OUTLINE_LAYER_ID,
    type: 'line',
    source: GRID_SOURCE_ID,
    minzoom: ZOOM.gridMin,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': ['case', ['boolean', ['feature-state', 'hover'], false], COLORS.gridHover, COLORS.gridOutline],
      'line-width': [
        'interpolate', ['linear'], ['zoom'],
        ZOOM.gridMin, ['case', ['boolean', ['feature-state', 'hover'], false], 2.5, 0.5],
        15, ['case', ['boolean', ['feature-state', 'hover'], false], 3.5, 1.2],
      ],
      'line-opacity': 0.85,
    },
  });
  // Drawn at every zoom so a grid chosen from search stays marked when zoomed out.
  map.addLayer({
    id: GRID_HIGHLIGHT_LAYER_ID,
    type: 'line',
    source: GRID_SOURCE_ID,
    layout: { 'line-join': 'round' },
    filter: ['==', ['get', 'code'], ''],
    paint: { 'line-color': COLORS.gridSelected, 'line-width': 3 },
  });
}

export function setGridColoring(map: MapLibreMap, coloring: GridColoring): void {
  map.setPaintProperty(GRID_FILL_LAYER_ID, 'fill-color', fillColor(coloring));
}

/** Marks one grid as hovered (or none); returns the new hovered code. */
export function setHoveredGrid(map: MapLibreMap, previous: string | null, next: string | null): string | null {
  if (previous === next) return next;
  if (previous) map.setFeatureState({ source: GRID_SOURCE_ID, id: previous }, { hover: false });
  if (next) map.setFeatureState({ source: GRID_SOURCE_ID, id: next }, { hover: true });
  return next;
}

/** Marks one grid as selected (or none): stronger fill and an outline on top of everything. */
export function setSelectedGrid(map: MapLibreMap, previous: string | null, next: string | null): void {
  if (previous) map.setFeatureState({ source: GRID_SOURCE_ID, id: previous }, { selected: false });
  if (next) map.setFeatureState({ source: GRID_SOURCE_ID, id: next }, { selected: true });
  map.setFilter(GRID_HIGHLIGHT_LAYER_ID, ['==', ['get', 'code'], next ?? '']);
}
