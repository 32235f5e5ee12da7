/**
 * The desk's map: the district, streets, communities and grids for context (the network map's
 * layers, toned down) and the queue's cases as points by traffic light. A click on a point
 * selects the case; hovering shows what it is.
 */
import type { MapLibreMap } from 'maplibre-gl';
import type { Bbox, Division, DivisionCollection, GridCollection } from '../../api.ts';
import type { IncidentSummary } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { label, t } from '../../i18n/index.ts';
import { createMap } from '../../map/create-map.ts';
import { bboxOf } from '../../map/geometry.ts';
import { LabelOverlay } from '../../map/label-overlay.ts';
import { addCaseLayers, CASE_POINT_LAYER_ID, CASE_SELECTED_LAYER_ID, setCases, setSelectedCase, type CasePointProperties } from '../../map/layers/cases.ts';
import { addCommunityLayers, COMMUNITY_FILL_LAYER_ID, COMMUNITY_OUTLINE_LAYER_ID } from '../../map/layers/communities.ts';
import { addDistrictLayer, DISTRICT_OUTLINE_LAYER_ID } from '../../map/layers/district.ts';
import { addGridLineLayer, GRID_LINE_LAYER_ID } from '../../map/layers/grid-lines.ts';
import { labelSet } from '../../map/layers/labels.ts';
import { addStreetLayers, STREET_FILL_LAYER_ID, STREET_OUTLINE_LAYER_ID } from '../../map/layers/streets.ts';
import { ZOOM } from '../../map/theme.ts';

/** Bottom to top. */
const LAYER_ORDER = [
  STREET_FILL_LAYER_ID, COMMUNITY_FILL_LAYER_ID, GRID_LINE_LAYER_ID, COMMUNITY_OUTLINE_LAYER_ID, STREET_OUTLINE_LAYER_ID,
  DISTRICT_OUTLINE_LAYER_ID, CASE_POINT_LAYER_ID, CASE_SELECTED_LAYER_ID,
];

export interface DeskMapData {
  district: Division;
  streets: DivisionCollection;
  communities: DivisionCollection;
  grids: GridCollection;
  basemapStyleUrl: string | null;
  /** The area to frame first (the user's street or grid); the whole district by default. */
  focus?: Bbox;
}

export class DeskMap {
  map: MapLibreMap | undefined;
  private pending: IncidentSummary[] = [];
  private selected: number | null = null;

  constructor(
    readonly container: HTMLElement,
    private readonly onCaseClick: (id: number) => void,
  ) {}

  async start(data: DeskMapData): Promise<void> {
    const map = await createMap({ container: this.container, bounds: data.focus ?? bboxOf(data.district.geometry), basemapStyleUrl: data.basemapStyleUrl });
    this.map = map;
    addStreetLayers(map, data.streets, { withBasemap: true });
    // Pale street fills: the case colours must carry the picture.
    map.setPaintProperty(STREET_FILL_LAYER_ID, 'fill-opacity', ['interpolate', ['linear'], ['zoom'], ZOOM.streetFillFadeStart, 0.28, ZOOM.streetFillFadeEnd, 0]);
    addCommunityLayers(map, data.communities);
    addGridLineLayer(map, data.grids);
    addDistrictLayer(map, data.district);
    addCaseLayers(map);
    for (const id of LAYER_ORDER) map.moveLayer(id);
    new LabelOverlay(map, { beforeId: CASE_POINT_LAYER_ID }).setLabelSets([
      labelSet(data.streets.features, { id: 'streets', size: 14, weight: 600, color: [18, 51, 91, 230], minZoom: 0, maxZoom: ZOOM.streetLabelMax, fit: 1.6 }),
      labelSet(data.communities.features, { id: 'communities', size: 12, weight: 500, color: [22, 48, 84, 230], minZoom: ZOOM.communityLabelMin, maxZoom: ZOOM.communityLabelMax, fit: 1.1 }),
      labelSet(data.grids.features, { id: 'grids', size: 11, weight: 500, color: [28, 40, 54, 220], minZoom: ZOOM.gridLabelMin, maxZoom: 24, fit: 0.9 }),
    ]);
    this.bindPointer(map);
    setCases(map, this.pending);
    setSelectedCase(map, this.selected);
    await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  }

  setCases(items: IncidentSummary[]): void {
    this.pending = items;
    if (this.map) setCases(this.map, items);
  }

  /** Rings the case (or none); with `fly`, centres the map on it. */
  select(id: number | null, fly?: { lon: number; lat: number }): void {
    this.selected = id;
    if (!this.map) return;
    setSelectedCase(this.map, id);
    if (fly) this.map.easeTo({ center: [fly.lon, fly.lat], zoom: Math.max(this.map.getZoom(), 14), duration: 600, padding: { left: 0, top: 0, bottom: 0, right: 460 } });
  }

  private bindPointer(map: MapLibreMap): void {
    const tooltip = h('div', { class: 'map-tooltip', role: 'tooltip', hidden: true });
    map.getContainer().append(tooltip);
    map.on('mousemove', CASE_POINT_LAYER_ID, (event) => {
      const p = event.features?.[0]?.properties as CasePointProperties | undefined;
      if (!p) return;
      map.getCanvasContainer().style.cursor = 'pointer';
      tooltip.replaceChildren(h('strong', {}, p.category), h('span', {}, `${p.ticket} · ${label(`status.${p.status}`, p.status)}`));
      tooltip.style.transform = `translate(${event.point.x + 14}px, ${event.point.y + 14}px)`;
      tooltip.hidden = false;
    });
    map.on('mouseleave', CASE_POINT_LAYER_ID, () => {
      map.getCanvasContainer().style.cursor = '';
      tooltip.hidden = true;
    });
    map.on('movestart', () => (tooltip.hidden = true));
    map.on('click', CASE_POINT_LAYER_ID, (event) => {
      const p = event.features?.[0]?.properties as CasePointProperties | undefined;
      if (p) this.onCaseClick(Number(p.id));
    });
  }
}

/** The map's legend of case colours. */
export function caseLegend(): HTMLElement {
  const item = (tone: string, text: string) => h('li', {}, h('span', { class: `case-dot tone-${tone}` }), text);
  return h(
    'section',
    { class: 'legend desk-legend', 'data-testid': 'desk-legend' },
    h('h2', { class: 'legend-title' }, t('map.legend')),
    h(
      'ul',
      { class: 'legend-list' },
      item('green', t('light.green')),
      item('yellow', t('light.yellow')),
      item('red', t('light.red')),
      item('awaiting', t('map.awaiting')),
      item('suspended', t('map.suspended')),
      item('finished', t('map.finished')),
    ),
  );
}
