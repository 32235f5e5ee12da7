/**
 * The records browser: filters, a page of records (keyset pages: the API's cursor of each page is
 * kept, so "previous" goes back without counting), the chosen record with its point on the map,
 * and exports of the current filter.
 */
import type { MapLibreMap } from 'maplibre-gl';
import { h } from '../../../dom.ts';
import { gridDatabaseApi, type EntityView } from '../../../grid-database-api.ts';
import type { GridDatabaseContext } from '../context.ts';
import { RecordDetail } from './detail.ts';
import { RecordFilters } from './filters.ts';
import { RecordMap } from './record-map.ts';
import { RecordTable } from './table.ts';

const PAGE = 50;

export class RecordsView {
  readonly element: HTMLElement;
  private readonly filters: RecordFilters;
  private readonly table: RecordTable;
  private readonly detail: RecordDetail;
  private readonly recordMapView: RecordMap;
  /** The cursor each shown page was read with (null: the first page). */
  private cursors: (string | null)[] = [null];
  private next: string | null = null;
  private request: AbortController | undefined;

  constructor(private readonly context: GridDatabaseContext) {
    const names = new Map(context.grids.features.map((f) => [f.properties.code, f.properties]));
    const gridName = (code: string | null) => (code ? (names.get(code)?.name ?? code) : '—');
    const placeName = (item: EntityView) => {
      const grid = item.grid ? names.get(item.grid) : undefined;
      return grid ? `${grid.streetName} › ${grid.communityName} › ${grid.name}` : gridName(item.grid);
    };
    this.filters = new RecordFilters(context, () => void this.load(0, [null]));
    this.table = new RecordTable(gridName, {
      select: (item) => this.select(item),
      previous: () => void this.load(this.cursors.length - 2, this.cursors.slice(0, -1)),
      next: () => void this.load(this.cursors.length, [...this.cursors, this.next]),
    });
    this.detail = new RecordDetail(placeName, () => this.select(undefined));
    const mapContainer = h('div', { class: 'map', 'data-testid': 'record-map' });
    this.recordMapView = new RecordMap(mapContainer);
    this.element = h('div', { class: 'gdb-records', 'data-testid': 'records-view' },
      h('div', { class: 'gdb-list' }, this.filters.element, this.table.element),
      h('div', { class: 'gdb-side' }, h('div', { class: 'gdb-map' }, mapContainer), this.detail.element));
  }

  get recordMap(): MapLibreMap | undefined {
    return this.recordMapView.map;
  }

  render(): void {
    this.filters.render();
    this.table.render();
    this.detail.render();
  }

  async show(): Promise<void> {
    await Promise.all([this.recordMapView.start(this.context), this.load(0, [null])]);
  }

  private select(item: EntityView | undefined): void {
    this.detail.show(item);
    this.table.select(item?.id ?? null);
    this.recordMapView.show(item ? [item.lon, item.lat] : null);
  }

  private async load(page: number, cursors: (string | null)[]): Promise<void> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.table.setState('loading');
    try {
      const answer = await gridDatabaseApi.records(this.filters.query(), cursors[cursors.length - 1], PAGE, request.signal);
      if (request.signal.aborted) return;
      this.cursors = cursors;
      this.next = answer.nextCursor;
      this.table.show(answer.items, page, answer.nextCursor !== null);
      this.select(undefined);
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn('records:', error);
      this.table.setState('error');
    }
  }
}
