/**
 * Cases of the desk's queue as points, coloured by their traffic light (or their stage when no
 * clock runs), with a ring around the selected one. Keyed by case id (feature-state ready).
 */
import type { ExpressionSpecification, GeoJSONSource, MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { IncidentSummary } from '../../cases-api.ts';
import { CASE_COLORS } from '../theme.ts';

export const CASE_SOURCE_ID = 'cases';
export const CASE_POINT_LAYER_ID = 'case-points';
export const CASE_SELECTED_LAYER_ID = 'case-selected';

export type CaseTone = keyof Omit<typeof CASE_COLORS, 'selected'>;

/** What colour a case gets: its light while a clock runs, else its stage. */
export function caseTone(item: Pick<IncidentSummary, 'light' | 'status'>): CaseTone {
  if (item.light) return item.light;
  if (item.status === 'suspended') return 'suspended';
  if (item.status === 'reported' || item.status === 'verified') return 'awaiting';
  return 'finished';
}

export interface CasePointProperties {
  id: number;
  ticket: string;
  tone: CaseTone;
  category: string;
  status: string;
}

function collection(items: IncidentSummary[]): FeatureCollection<Point, CasePointProperties> {
  return {
    type: 'FeatureCollection',
    // A case reported by address only has no point until it is placed: listed, not drawn.
    features: items.flatMap((item) => item.location ? [{
      type: 'Feature' as const,
      id: item.id,
      properties: { id: item.id, ticket: item.ticket, tone: caseTone(item), category: item.category.name ?? item.category.code, status: item.status },
      geometry: { type: 'Point' as const, coordinates: [item.location.lon, item.location.lat] },
    }] : []),
  };
}

const toneColor: ExpressionSpecification = [
  'match', ['get', 'tone'],
  'green', CASE_COLORS.green,
  'yellow', CASE_COLORS.yellow,
  'red', CASE_COLORS.red,
  'awaiting', CASE_COLORS.awaiting,
  'suspended', CASE_COLORS.suspended,
  CASE_COLORS.finished,
];

export function addCaseLayers(map: MapLibreMap): void {
  map.addSource(CASE_SOURCE_ID, { type: 'geojson', data: collection([]) });
  map.addLayer({
    id: CASE_POINT_LAYER_ID,
    type: 'circle',
    source: CASE_SOURCE_ID,
    paint: {
      'circle-color': toneColor,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 3.5, 13, 6, 16, 9],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 9, 0.8, 14, 1.6],
      'circle-opacity': 0.92,
    },
  });
  map.addLayer({
    id: CASE_SELECTED_LAYER_ID,
    type: 'circle',
    source: CASE_SOURCE_ID,
    filter: ['==', ['get', 'id'], -1],
    paint: {
      'circle-color': 'rgba(0,0,0,0)',
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 9, 13, 12, 16, 16],
      'circle-stroke-color': CASE_COLORS.selected,
      'circle-stroke-width': 3,
    },
  });
}

export function setCases(map: MapLibreMap, items: IncidentSummary[]): void {
  map.getSource<GeoJSONSource>(CASE_SOURCE_ID)?.setData(collection(items));
}

export function setSelectedCase(map: MapLibreMap, id: number | null): void {
  map.setFilter(CASE_SELECTED_LAYER_ID, ['==', ['get', 'id'], id ?? -1]);
}
