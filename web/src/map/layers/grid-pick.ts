/** The grid a pin fell in, tinted (on the grid-lines source): where a citizen's report will go. */
import type { MapLibreMap } from 'maplibre-gl';
import { COLORS } from '../theme.ts';
import { GRID_LINE_SOURCE_ID } from './grid-lines.ts';

export const GRID_PICK_LAYER_ID = 'grid-pick';

/** Needs the grid-lines source (addGridLineLayer) first. */
export function addGridPickLayer(map: MapLibreMap): void {
  map.addLayer({
    id: GRID_PICK_LAYER_ID,
    type: 'fill',
    source: GRID_LINE_SOURCE_ID,
    filter: ['==', ['get', 'code'], ''],
    paint: { 'fill-color': COLORS.gridHover, 'fill-opacity': 0.22, 'fill-outline-color': COLORS.gridSelected },
  });
}

export function setPickedGrid(map: MapLibreMap, code: string | null): void {
  map.setFilter(GRID_PICK_LAYER_ID, ['==', ['get', 'code'], code ?? '']);
}
