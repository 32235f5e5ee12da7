/**
 * The network map (一张图): the first view, for the analyst, planner and dispatcher at the
 * district centre. Pukou's four levels by zoom, a grid's panel on click, search, legend, status.
 */
import type { MapLibreMap } from 'maplibre-gl';
import { api, type Bbox, type DivisionCollection, type GridCollection, type SearchHit } from '../../api.ts';
import { authApi, type SessionUser } from '../../auth-api.ts';
import { h } from '../../dom.ts';
import { locale, onLocaleChange, setLocale, t } from '../../i18n/index.ts';
import { createMap } from '../../map/create-map.ts';
import { staffNav } from '../../nav.ts';
import { userMenu } from '../../user-menu.ts';
import { bboxOf } from '../../map/geometry.ts';
import { LabelOverlay } from '../../map/label-overlay.ts';
import { addCaseTileLayer, CASE_TILE_READERS, CASE_TILES_LAYER_ID } from '../../map/layers/case-tiles.ts';
import { addCommunityLayers, COMMUNITY_FILL_LAYER_ID, COMMUNITY_OUTLINE_LAYER_ID } from '../../map/layers/communities.ts';
import { addDistrictLayer, DISTRICT_OUTLINE_LAYER_ID } from '../../map/layers/district.ts';
import { addGridLayers, GRID_FILL_LAYER_ID, GRID_HIGHLIGHT_LAYER_ID, GRID_OUTLINE_LAYER_ID, setGridColoring, setSelectedGrid, type GridColoring, type GridColorMode } from '../../map/layers/grids.ts';
import { quantileBreaks } from '../../map/classify.ts';
import { labelSet } from '../../map/layers/labels.ts';
import { addStreetLayers, STREET_FILL_LAYER_ID, STREET_OUTLINE_LAYER_ID } from '../../map/layers/streets.ts';
import { HOUSEHOLD_CLASSES, ZOOM } from '../../map/theme.ts';
import { GridPanel, type HierarchyLevel } from './grid-panel.ts';
import { bindInteractions } from './interactions.ts';
import { Legend } from './legend.ts';
import { SearchBox } from './search-box.ts';
import { StatusBar } from './status-bar.ts';

/** Bottom to top. Each layer module adds its own layers; the stacking is decided here. */
const LAYER_ORDER = [
  STREET_FILL_LAYER_ID,
  COMMUNITY_FILL_LAYER_ID,
  GRID_FILL_LAYER_ID,
  GRID_OUTLINE_LAYER_ID,
  COMMUNITY_OUTLINE_LAYER_ID,
  STREET_OUTLINE_LAYER_ID,
  DISTRICT_OUTLINE_LAYER_ID,
  GRID_HIGHLIGHT_LAYER_ID,
];

export const NETWORK_LAYERS = { gridFill: GRID_FILL_LAYER_ID, communityFill: COMMUNITY_FILL_LAYER_ID, streetFill: STREET_FILL_LAYER_ID, caseTiles: CASE_TILES_LAYER_ID } as const;

const DISTRICT_CODE = '320111';
const PANEL_WIDTH = 380;

export class NetworkMapView {
  /** Set once the map exists (before `ready`). */
  map: MapLibreMap | undefined;
  /** Resolves when every layer has its data and the map has drawn it. */
  readonly ready: Promise<void>;

  private readonly mapContainer = h('div', { class: 'map', id: 'map' });
  private readonly veil = h('div', { class: 'veil' });
  private readonly workspace: HTMLElement;
  private readonly header = h('header', { class: 'topbar' });
  private readonly search = new SearchBox((hit) => this.onSearchHit(hit));
  private readonly panel = new GridPanel({ onClose: () => this.closePanel(), onZoomTo: (level, code) => this.zoomTo(level, code) });
  private readonly legend = new Legend('kind', (mode) => this.setColorMode(mode));
  private readonly status = new StatusBar();
  private readonly bounds = new Map<string, Bbox>();
  private selected: string | null = null;
  private detailRequest: AbortController | undefined;
  private coloring: GridColoring = { mode: 'kind', householdBreaks: [] };
  /** The map is public; a signed-in user sees who they are in the top bar. */
  private user: SessionUser | null = null;
  private readonly userSlot = h('div', { class: 'user-slot' });

  constructor(root: HTMLElement) {
    root.classList.add('app');
    this.workspace = h('main', { class: 'workspace' }, this.mapContainer, this.legend.element, this.panel.element, this.veil);
    root.replaceChildren(this.header, this.workspace, this.status.element);
    this.renderTexts();
    onLocaleChange(() => this.renderTexts());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.panel.isOpen && !(event.target instanceof HTMLInputElement)) this.closePanel();
    });
    this.ready = this.start();
  }

  private renderTexts(): void {
    document.title = `${t('app.title')} · ${t('app.subtitle')}`;
    document.documentElement.lang = locale();
    this.header.replaceChildren(
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '联'), h('div', {}, h('h1', {}, t('app.title')), h('p', {}, t('app.subtitle')))),
      staffNav('map'),
      this.search.element,
      this.userSlot,
      h(
        'button',
        {
          type: 'button',
          class: 'lang-switch',
          'data-testid': 'lang-switch',
          title: t('lang.switchTitle'),
          onclick: () => setLocale(locale() === 'zh-CN' ? 'en' : 'zh-CN'),
        },
        t('lang.switch'),
      ),
    );
    this.renderUser();
    this.search.render();
    this.panel.render();
    this.legend.render();
    this.status.render();
    if (!this.veil.hidden) this.veil.replaceChildren(h('div', { class: 'veil-box' }, h('span', { class: 'spinner' }), this.veil.dataset.error ?? t('app.loading')));
  }

  private renderUser(): void {
    this.userSlot.replaceChildren(userMenu(this.user, { afterSignOut: '/' }));
  }

  private async start(): Promise<void> {
    try {
      api.health().then(
        (health) => this.status.setHealth(health),
        () => this.status.setHealth('offline'),
      );
      const signedIn = authApi.me().then(
        (user) => {
          this.user = user;
          this.renderUser();
          return user;
        },
        (error) => {
          console.warn('who am I:', error);
          return null;
        },
      );
      // Everything is requested at once; the map waits only for the district to frame it.
      const networkRequest = Promise.all([api.divisions('street'), api.divisions('community'), api.grids()]);
      // Marked handled now: if the district fails first, this must not also surface as an unhandled rejection.
      networkRequest.catch(() => {});
      const [config, district] = await Promise.all([api.config().catch(() => ({ basemapStyleUrl: null })), api.division(DISTRICT_CODE)]);
      const districtBbox = bboxOf(district.geometry);
      this.bounds.set(district.code, districtBbox);
      const map = await createMap({ container: this.mapContainer, bounds: districtBbox, basemapStyleUrl: config.basemapStyleUrl });
      this.map = map;
      const [streets, communities, grids] = await networkRequest;
      for (const collection of [streets, communities, grids] as (DivisionCollection | GridCollection)[]) {
        for (const feature of collection.features) this.bounds.set(feature.properties.code, bboxOf(feature.geometry));
      }
      addStreetLayers(map, streets, { withBasemap: Boolean(config.basemapStyleUrl) });
      addCommunityLayers(map, communities);
      this.coloring.householdBreaks = quantileBreaks(grids.features.map((f) => f.properties.households), HOUSEHOLD_CLASSES);
      this.legend.setHouseholdBreaks(this.coloring.householdBreaks);
      addGridLayers(map, grids, this.coloring);
      addDistrictLayer(map, district);
      for (const id of LAYER_ORDER) map.moveLayer(id);
      // Case readers see their jurisdiction's cases on top, from the tile server.
      const user = await signedIn;
      if (user && CASE_TILE_READERS.includes(user.role)) addCaseTileLayer(map);
      this.addLabels(map, streets, communities, grids);
      this.status.setCounts({ streets: streets.features.length, communities: communities.features.length, grids: grids.features.length });
      bindInteractions(map, {
        onGridClick: (code) => void this.selectGrid(code),
        onAreaClick: (level, code) => this.zoomTo(level, code),
      });
      const onView = () => {
        this.status.setZoom(map.getZoom());
        this.legend.setZoom(map.getZoom());
      };
      map.on('zoom', onView);
      map.on('mousemove', (event) => this.status.setCursor(event.lngLat));
      map.on('mouseout', () => this.status.setCursor(null));
      onView();
      await new Promise<void>((resolve) => map.once('idle', () => resolve()));
      this.veil.hidden = true;
      const linked = /^#grid=(\d{15})$/.exec(location.hash)?.[1];
      if (linked) void this.selectGrid(linked, { fit: true });
    } catch (error) {
      console.error('network map failed to load:', error);
      this.veil.dataset.error = `${t('app.loadFailed')}: ${error instanceof Error ? error.message : String(error)}`;
      this.renderTexts();
      throw error;
    }
  }

  private addLabels(map: MapLibreMap, streets: DivisionCollection, communities: DivisionCollection, grids: GridCollection): void {
    const overlay = new LabelOverlay(map);
    overlay.setLabelSets([
      labelSet(streets.features, { id: 'streets', size: 15, weight: 600, color: [18, 51, 91, 255], minZoom: 0, maxZoom: ZOOM.streetLabelMax, fit: 1.6 }),
      labelSet(communities.features, { id: 'communities', size: 13, weight: 600, color: [22, 48, 84, 255], minZoom: ZOOM.communityLabelMin, maxZoom: ZOOM.communityLabelMax, fit: 1.1 }),
      labelSet(grids.features, { id: 'grids', size: 12, weight: 500, color: [28, 40, 54, 255], minZoom: ZOOM.gridLabelMin, maxZoom: 24, fit: 0.9 }),
    ]);
  }

  /** Map padding that keeps fitted areas clear of the open panel (at the side, or at the bottom on phones). */
  private padding() {
    const padding = { top: 40, bottom: 40, left: 40, right: 40 };
    if (!this.panel.isOpen) return padding;
    if (window.innerWidth > 720) padding.right = PANEL_WIDTH + 24;
    else padding.bottom = Math.round(this.mapContainer.clientHeight * 0.6) + 16;
    return padding;
  }

  private fitTo(bbox: Bbox, maxZoom = 16): void {
    this.map?.fitBounds(bbox, { padding: this.padding(), maxZoom, duration: 700 });
  }

  private zoomTo(level: HierarchyLevel | 'street' | 'community', code: string): void {
    const bbox = this.bounds.get(code);
    if (bbox) this.fitTo(bbox, level === 'grid' ? 16 : 15);
  }

  private async selectGrid(code: string, options: { fit?: boolean } = {}): Promise<void> {
    const map = this.map;
    if (!map) return;
    setSelectedGrid(map, this.selected, code);
    this.selected = code;
    history.replaceState(null, '', `#grid=${code}`);
    this.panel.showLoading(code);
    this.workspace.classList.add('panel-open');
    if (options.fit) this.zoomTo('grid', code);
    this.detailRequest?.abort();
    const request = new AbortController();
    this.detailRequest = request;
    try {
      const detail = await api.grid(code, request.signal);
      if (request.signal.aborted) return;
      this.panel.show(detail);
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn(`grid ${code}:`, error);
      this.panel.showError(code);
    }
  }

  private closePanel(): void {
    this.detailRequest?.abort();
    if (this.map) setSelectedGrid(this.map, this.selected, null);
    this.selected = null;
    this.panel.hide();
    this.workspace.classList.remove('panel-open');
    history.replaceState(null, '', location.pathname + location.search);
  }

  private onSearchHit(hit: SearchHit): void {
    if (hit.type === 'grid') {
      // Panel first, so the fit leaves room for it.
      void this.selectGrid(hit.code);
    }
    this.fitTo(hit.bbox, hit.type === 'grid' ? 16 : 15);
  }

  private setColorMode(mode: GridColorMode): void {
    this.coloring = { ...this.coloring, mode };
    if (this.map?.getLayer(GRID_FILL_LAYER_ID)) setGridColoring(this.map, this.coloring);
  }
}
