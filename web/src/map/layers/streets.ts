/**
 * Streets (街道, incl. special zones): a fill per street at low zoom, fading out as grids come
 * in, and a white boundary at every zoom. The fill layer also answers clicks at low zoom.
 */
import type { MapLibreMap } from 'maplibre-gl';
import type { DivisionCollection } from '../../api.ts';
import { COLORS, STREET_PALETTE, ZOOM } from '../theme.ts';

export const STREET_SOURCE_ID = 'streets';
export const STREET_FILL_LAYER_ID = 'street-fill';
export const STREET_OUTLINE_LAYER_ID = 'street-outline';

/** Colour of each street, by its position in code order (stable across loads). */
export function streetColors(streets: DivisionCollection): Map<string, string> {
  const codes = streets.features.map((f) => f.properties.code).sort();
  return new Map(codes.map((code, i) => [code, STREET_PALETTE[i % STREET_PALETTE.length]]));
}

export function addStreetLayers(map: MapLibreMap, streets: DivisionCollection, options: { withBasemap: boolean }): void {
  const colors = streetColors(streets);
  map.addSource(STREET_SOURCE_ID, {
    type: 'geojson',
    promoteId: 'code',
    data: {
      ...streets,
      features: streets.features.map((f) => ({ ...f, properties: { ...f.properties, color: colors.get(f.properties.code) } })),
    },
  });
  const opacity = options.withBasemap ? 0.45 : 0.75;
  map.addLayer({
    id: STREET_FILL_LAYER_ID,
    type: 'fill',
    source: STREET_SOURCE_ID,
    paint: {
      'fill-color': ['get', 'color'],
      'fill-opacity': [
        'interpolate', ['linear'], ['zoom'],
        ZOOM.streetFillFadeStart, opacity,
        ZOOM.streetFillFadeEnd, 0,
      ],
    },
  });
  map.addLayer({
    id: STREET_OUTLINE_LAYER_ID,
    type: 'line',
    source: STREET_SOURCE_ID,
    layout: { 'line-join': 'round' },
    paint: {
      'line-color': COLORS.streetOutline,
      'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.6, 12, 2.5, 15, 4],
    },
  });
}
