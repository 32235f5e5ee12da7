/**
 * Communities (社区/村): boundaries from mid zoom. An invisible fill answers clicks, so a click
 * between grid zooms drills into the community under the cursor.
 */
import type { MapLibreMap } from 'maplibre-gl';
import type { DivisionCollection } from '../../api.ts';
import { COLORS, ZOOM } from '../theme.ts';

export const COMMUNITY_SOURCE_ID = 'communities';
export const COMMUNITY_FILL_LAYER_ID = 'community-fill';
export const COMMUNITY_OUTLINE_LAYER_ID = 'community-outline';

export function addCommunityLayers(map: MapLibreMap, communities: DivisionCollection): void {
  map.addSource(COMMUNITY_SOURCE_ID, { type: 'geojson', promoteId: 'code', data: communities });
  map.addLayer({
    id: COMMUNITY_FILL_LAYER_ID,
    type: 'fill',
    source: COMMUNITY_SOURCE_ID,
    minzoom: ZOOM.communityMin,
    paint: { 'fill-color': '#000000', 'fill-opacity': 0 },
  });
  map.addLayer({
    id: COMMUNITY_OUTLINE_LAYER_ID,
    type: 'line',
    source: COMMUNITY_SOURCE_ID,
    minzoom: ZOOM.communityMin,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': COLORS.communityOutline,
      'line-width': ['interpolate', ['linear'], ['zoom'], ZOOM.communityMin, 0.8, 13, 1.6, 16, 2.4],
      'line-opacity': ['interpolate', ['linear'], ['zoom'], ZOOM.communityMin, 0, ZOOM.communityMin + 0.5, 0.85],
      'line-dasharray': [4, 2],
    },
  });
}
