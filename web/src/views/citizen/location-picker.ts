/**
 * Step 2 of a report: where. A tap on the map (offline style, like the staff map) or "use my
 * location" (Geolocation API) drops the pin; the server's lookup names the street, community
 * and grid, and says when the point is outside the district.
 */
import { Marker, type MapLibreMap } from 'maplibre-gl';
import { api, ApiError } from '../../api.ts';
import { citizenApi, type Place } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { createMap } from '../../map/create-map.ts';
import { bboxOf } from '../../map/geometry.ts';
import { addCommunityLayers } from '../../map/layers/communities.ts';
import { addDistrictLayer } from '../../map/layers/district.ts';
import { addGridLineLayer } from '../../map/layers/grid-lines.ts';
import { addGridPickLayer, setPickedGrid } from '../../map/layers/grid-pick.ts';
import { addStreetLayers } from '../../map/layers/streets.ts';

const DISTRICT_CODE = '320111';

export interface Pin {
  lon: number;
  lat: number;
}

type PlaceState = { kind: 'none' } | { kind: 'looking' } | { kind: 'inside'; place: Place } | { kind: 'outside' } | { kind: 'locating' } | { kind: 'locate-failed' };

export class LocationPicker {
  readonly element = h('section', { class: 'step', 'data-testid': 'location-picker' });
  map: MapLibreMap | undefined;
  pin: Pin | null = null;
  private marker: Marker | undefined;
  private readonly mapContainer = h('div', { class: 'pick-map', 'data-testid': 'pick-map' });
  private readonly status = h('p', { class: 'place', 'data-testid': 'place', 'aria-live': 'polite' });
  private state: PlaceState = { kind: 'none' };
  private lookup: AbortController | undefined;

  constructor(private readonly onChange: () => void) {
    this.render();
  }

  /** The place of the pin when it is inside the district. */
  get place(): Place | null {
    return this.state.kind === 'inside' ? this.state.place : null;
  }

  async start(): Promise<void> {
    const [config, district, streets, communities, grids] = await Promise.all([
      api.config().catch(() => ({ basemapStyleUrl: null })),
      api.division(DISTRICT_CODE),
      api.divisions('street'),
      api.divisions('community'),
      api.grids(),
    ]);
    const map = await createMap({
      container: this.mapContainer, bounds: bboxOf(district.geometry), basemapStyleUrl: config.basemapStyleUrl,
      cooperativeGestures: matchMedia('(pointer: coarse)').matches,
      locale: { 'CooperativeGesturesHandler.MobileHelpText': t('report.twoFingers') },
    });
    this.map = map;
    addStreetLayers(map, streets, { withBasemap: Boolean(config.basemapStyleUrl) });
    addCommunityLayers(map, communities);
    addGridLineLayer(map, grids);
    addGridPickLayer(map);
    addDistrictLayer(map, district);
    map.on('click', (event) => void this.setPin({ lon: event.lngLat.lng, lat: event.lngLat.lat }));
    await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  }

  reset(): void {
    this.marker?.remove();
    this.marker = undefined;
    this.pin = null;
    this.state = { kind: 'none' };
    if (this.map) setPickedGrid(this.map, null);
    this.renderStatus();
  }

  async setPin(pin: Pin, options: { fly?: boolean } = {}): Promise<void> {
    this.pin = pin;
    if (this.map) {
      this.marker ??= new Marker({ color: '#d9480f' });
      this.marker.setLngLat([pin.lon, pin.lat]).addTo(this.map);
      if (options.fly) this.map.flyTo({ center: [pin.lon, pin.lat], zoom: Math.max(this.map.getZoom(), 16), duration: 800 });
    }
    this.lookup?.abort();
    const request = new AbortController();
    this.lookup = request;
    this.setState({ kind: 'looking' });
    try {
      const place = await citizenApi.lookup(pin.lon, pin.lat, request.signal);
      if (!request.signal.aborted) this.setState({ kind: 'inside', place });
    } catch (error) {
      if (request.signal.aborted) return;
      this.setState(error instanceof ApiError && error.status === 404 ? { kind: 'outside' } : { kind: 'none' });
    }
  }

  private locate(): void {
    if (!('geolocation' in navigator)) return this.setState({ kind: 'locate-failed' });
    this.setState({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => void this.setPin({ lon: position.coords.longitude, lat: position.coords.latitude }, { fly: true }),
      (error) => {
        console.warn('geolocation:', error.message);
        this.setState({ kind: 'locate-failed' });
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  private setState(state: PlaceState): void {
    this.state = state;
    if (this.map) setPickedGrid(this.map, state.kind === 'inside' ? state.place.grid.code : null);
    this.renderStatus();
    this.onChange();
  }

  private renderStatus(): void {
    const s = this.state;
    this.status.dataset.state = s.kind;
    if (s.kind === 'inside') {
      const { street, community, grid } = s.place;
      this.status.dataset.grid = grid.code;
      this.status.textContent = t('report.place', { street: street.name, community: community.name, grid: grid.name });
      return;
    }
    delete this.status.dataset.grid;
    const text: Record<Exclude<PlaceState['kind'], 'inside'>, string> = {
      none: t('report.mapHint'),
      looking: t('report.looking'),
      outside: t('report.outside'),
      locating: t('report.locating'),
      'locate-failed': t('report.locateFailed'),
    };
    this.status.textContent = text[s.kind];
  }

  render(): void {
    this.element.replaceChildren(
      h('h2', { class: 'step-title' }, h('span', { class: 'step-number' }, '2'), t('report.where')),
      this.mapContainer,
      h('div', { class: 'place-row' },
        this.status,
        h('button', { type: 'button', class: 'locate-button', 'data-testid': 'locate', onclick: () => this.locate() }, t('report.locate'))),
    );
    this.renderStatus();
  }
}
