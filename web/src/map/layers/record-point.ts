/** One grid-database record as a point with a ring: where the record shown in the detail lies. */
import type { GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { CASE_COLORS } from '../theme.ts';

export const RECORD_SOURCE_ID = 'record';
export const RECORD_POINT_LAYER_ID = 'record-point';

const collection = (point: [number, number] | null): FeatureCollection<Point> => ({
  type: 'FeatureCollection',
  features: point ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: point } }] : [],
});

export function addRecordPointLayer(map: MapLibreMap): void {
  map.addSource(RECORD_SOURCE_ID, { type: 'geojson', data: collection(null) });
  map.addLayer({
    id: RECORD_POINT_LAYER_ID,
    type: 'circle',
    source: RECORD_SOURCE_ID,
    paint: {
      'circle-radius': 7,
      'circle-color': CASE_COLORS.red,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2.5,
    },
  });
}

/** Puts the point at [lon, lat], or removes it. */
export function setRecordPoint(map: MapLibreMap, point: [number, number] | null): void {
  (map.getSource(RECORD_SOURCE_ID) as GeoJSONSource | undefined)?.setData(collection(point));
}
