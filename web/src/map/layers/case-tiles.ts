/**
 * Cases as vector tiles (GET /tiles/incidents, TileJSON + MVT) for signed-in case readers: the
 * server keeps each reader to its jurisdiction, so the layer is the same for all of them. Points
 * from zoom 12, coloured by how far the case has come.
 */
import type { MapLibreMap } from 'maplibre-gl';

export const CASE_TILES_SOURCE_ID = 'case-tiles';
export const CASE_TILES_LAYER_ID = 'case-tiles-points';

/** Roles the server lets read case tiles (CASE_READERS in api/auth/roles.ts). */
export const CASE_TILE_READERS: readonly string[] = ['grid_worker', 'street_dispatcher', 'district_commander', 'department_staff', 'analyst'];

export function addCaseTileLayer(map: MapLibreMap): void {
  // The page's cookie signs the TileJSON and tile requests (same origin).
  map.addSource(CASE_TILES_SOURCE_ID, { type: 'vector', url: `${location.origin}/tiles/incidents.json` });
  map.addLayer({
    id: CASE_TILES_LAYER_ID,
    type: 'circle',
    source: CASE_TILES_SOURCE_ID,
    'source-layer': 'incidents',
    minzoom: 12,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 2, 16, 5],
      'circle-color': ['match', ['get', 'status'],
        ['closed', 'evaluated'], '#6b8e5a',
        ['voided'], '#9aa0a6',
        ['reported', 'verified'], '#d9822b',
        '#c23b3b'],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 0.5,
      'circle-opacity': 0.85,
    },
  });
}
