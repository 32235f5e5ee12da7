/** The district outline: drawn at every zoom, above everything else of the network. */
import type { MapLibreMap } from 'maplibre-gl';
import type { Division } from '../../api.ts';
import { COLORS } from '../theme.ts';

export const DISTRICT_SOURCE_ID = 'district';
export const DISTRICT_OUTLINE_LAYER_ID = 'district-outline';

export function addDistrictLayer(map: MapLibreMap, district: Division): void {
  map.addSource(DISTRICT_SOURCE_ID, {
    type: 'geojson',
    data: { type: 'Feature', properties: { code: district.code, name: district.name }, geometry: district.geometry },
  });
  map.addLayer({
    id: DISTRICT_OUTLINE_LAYER_ID,
    type: 'line',
    source: DISTRICT_SOURCE_ID,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': COLORS.districtOutline,
      'line-width': ['interpolate', ['linear'], ['zoom'], 9, 2.5, 14, 4],
    },
  });
}
