/**
 * The per-grid statistics map: the grids of an area coloured by how many records of a chosen
 * category each holds (quantile classes, d3 threshold scale, legend); hovering names a grid and
 * its count, a click shows its numbers.
 */
import type { MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { GridFeature } from '../../../api.ts';
import { h } from '../../../dom.ts';
import { formatNumber, locale, t } from '../../../i18n/index.ts';
import { createMap } from '../../../map/create-map.ts';
import { bboxOf } from '../../../map/geometry.ts';
import { addDistrictLayer } from '../../../map/layers/district.ts';
import {
  addGridCountLayers, GRID_COUNT_FILL_LAYER_ID, setGridCounts, setHoveredGridCount, type GridCountCollection, type GridCountProperties,
} from '../../../map/layers/grid-counts.ts';
import { gridDatabaseApi } from '../../../grid-database-api.ts';
import { categoryName, type GridDatabaseContext } from '../context.ts';
import { gridInfo } from './grid-info.ts';
import { loadGridCounts, type GridCounts } from './grid-stats.ts';
import { countLegend, countScale } from './legend.ts';

/** The whole jurisdiction as the area. */
const ALL = '';

export class StatsMapView {
  readonly element: HTMLElement;
  map: MapLibreMap | undefined;
  private readonly area = h('select', { 'data-testid': 'stats-area' });
  private readonly category = h('select', { 'data-testid': 'stats-category' });
  private readonly progress = h('span', { class: 'muted small', 'data-testid': 'stats-progress' });
  private readonly legendSlot = h('div', { class: 'legend-slot' });
  private readonly infoSlot = h('div', { class: 'gdb-info-slot' });
  private readonly tooltip = h('div', { class: 'map-tooltip', role: 'tooltip', hidden: true });
  private readonly mapContainer = h('div', { class: 'map', 'data-testid': 'stats-map' });
  private counts: GridCounts = new Map();
  private request: AbortController | undefined;
  private hovered: string | null = null;
  private shown: string | null = null;

  constructor(private readonly context: GridDatabaseContext) {
    this.area.addEventListener('change', () => void this.load());
    this.category.addEventListener('change', () => void this.load());
    this.element = h('div', { class: 'gdb-stats', 'data-testid': 'stats-view', 'data-state': 'loading' },
      h('div', { class: 'filters gdb-filters' },
        h('label', { class: 'filter' }, h('span', { 'data-label': 'area' }), this.area),
        h('label', { class: 'filter' }, h('span', { 'data-label': 'category' }), this.category),
        h('div', { class: 'filter' }, this.progress)),
      h('div', { class: 'gdb-stats-body' }, this.mapContainer, this.legendSlot, this.infoSlot, this.tooltip));
    this.renderControls();
    this.area.value = ALL;
    const first = [...context.categories].sort((a, b) => b.count - a.count)[0];
    this.category.value = first?.code ?? '';
  }

  /** The streets of the user's grids, in code order. */
  private streets(): { code: string; name: string }[] {
    const seen = new Map(this.context.grids.features.map((f) => [f.properties.streetCode, f.properties.streetName]));
    return [...seen].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
  }

  private renderControls(): void {
    const area = this.area.value;
    const category = this.category.value;
    const streets = this.streets();
    this.area.replaceChildren(
      h('option', { value: ALL }, t('gdb.stats.allGrids', { n: this.context.grids.features.length })),
      ...(streets.length > 1 ? streets.map((s) => h('option', { value: s.code }, s.name)) : []));
    const lang = locale();
    this.category.replaceChildren(...this.context.categories.map((c) => h('option', { value: c.code }, `${c.code} ${categoryName(c, lang)}`)));
    this.area.value = area;
    this.category.value = category;
    this.element.querySelector('[data-label="area"]')!.textContent = t('gdb.stats.area');
    this.element.querySelector('[data-label="category"]')!.textContent = t('gdb.records.category');
  }

  render(): void {
    this.renderControls();
    this.draw();
  }

  async show(): Promise<void> {
    const map = await createMap({ container: this.mapContainer, bounds: bboxOf(this.context.district.geometry), basemapStyleUrl: this.context.basemapStyleUrl });
    this.map = map;
    addGridCountLayers(map, this.collection());
    addDistrictLayer(map, this.context.district);
    this.bindPointer(map);
    await this.load();
  }

  private gridsShown(): GridFeature[] {
    return this.context.grids.features.filter((f) => f.properties.code.startsWith(this.area.value));
  }

  private collection(): GridCountCollection {
    const category = this.category.value;
    return {
      type: 'FeatureCollection',
      features: this.gridsShown().map((f) => ({
        type: 'Feature',
        properties: { code: f.properties.code, name: f.properties.name, count: this.counts.get(f.properties.code) ?? null },
        geometry: f.geometry,
      })),
    };
  }

  private async load(): Promise<void> {
    const map = this.map;
    if (!map) return;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    const grids = this.gridsShown();
    this.element.dataset.state = 'loading';
    this.counts = new Map();
    this.draw();
    const box = grids.map((g) => bboxOf(g.geometry)).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
    map.fitBounds(box, { padding: 40, duration: 0 });
    try {
      this.progress.textContent = t('gdb.stats.loading', { n: grids.length });
      const counts = await loadGridCounts(this.area.value || (this.context.user.jurisdiction ?? ''), this.category.value, request.signal);
      if (request.signal.aborted) return;
      this.counts = counts;
      this.progress.textContent = t('gdb.stats.loaded', { n: grids.length });
      this.draw();
      await new Promise<void>((resolve) => map.once('idle', () => resolve()));
      this.element.dataset.state = 'shown';
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn('grid statistics:', error);
      this.progress.textContent = t('gdb.stats.failed');
      this.element.dataset.state = 'error';
    }
  }

  /** Colours the grids by the chosen category, and the legend with them. */
  private draw(): void {
    const map = this.map;
    if (!map) return;
    const collection = this.collection();
    const counts = collection.features.map((f) => f.properties.count).filter((n): n is number => n !== null);
    const scale = countScale(counts);
    setGridCounts(map, collection, scale.domain(), scale.range());
    const chosen = this.context.categories.find((c) => c.code === this.category.value);
    this.legendSlot.replaceChildren(countLegend(scale, chosen ? categoryName(chosen, locale()) : this.category.value));
    if (this.shown) void this.showGrid(this.shown);
  }

  /** A grid's whole statistics beside the map (fetched on click), or none. */
  private async showGrid(code: string | null): Promise<void> {
    this.shown = code;
    if (!code) {
      this.infoSlot.replaceChildren();
      return;
    }
    const stats = await gridDatabaseApi.stats('grid', code).catch((error: unknown) => {
      console.warn('grid statistics:', error);
      return undefined;
    });
    if (this.shown !== code) return;
    this.infoSlot.replaceChildren(...(stats ? [gridInfo(stats, this.category.value, () => void this.showGrid(null))] : []));
  }

  private bindPointer(map: MapLibreMap): void {
    map.getContainer().append(this.tooltip);
    const featureOf = (event: MapLayerMouseEvent) => event.features?.[0]?.properties as GridCountProperties | undefined;
    map.on('mousemove', GRID_COUNT_FILL_LAYER_ID, (event) => {
      const p = featureOf(event);
      if (!p) return;
      map.getCanvasContainer().style.cursor = 'pointer';
      this.hovered = setHoveredGridCount(map, this.hovered, p.code);
      const count = p.count === null || p.count === undefined ? '…' : formatNumber(Number(p.count));
      this.tooltip.replaceChildren(h('strong', {}, p.name), h('span', {}, t('gdb.stats.records', { n: count })));
      this.tooltip.style.transform = `translate(${event.point.x + 14}px, ${event.point.y + 14}px)`;
      this.tooltip.hidden = false;
    });
    map.on('mouseleave', GRID_COUNT_FILL_LAYER_ID, () => {
      map.getCanvasContainer().style.cursor = '';
      this.hovered = setHoveredGridCount(map, this.hovered, null);
      this.tooltip.hidden = true;
    });
    map.on('click', GRID_COUNT_FILL_LAYER_ID, (event) => {
      const p = featureOf(event);
      if (p) void this.showGrid(p.code);
    });
  }
}
