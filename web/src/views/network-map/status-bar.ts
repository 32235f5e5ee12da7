/** The status line: which database serves us, the size of the network, zoom and cursor position. */
import type { Health } from '../../api.ts';
import { h } from '../../dom.ts';
import { formatNumber, t } from '../../i18n/index.ts';

export interface NetworkCounts {
  streets: number;
  communities: number;
  grids: number;
}

export class StatusBar {
  readonly element: HTMLElement;
  private health: Health | null | 'offline' = null;
  private counts: NetworkCounts | null = null;
  private readonly zoom = h('span', { class: 'status-item status-zoom' });
  private readonly cursor = h('span', { class: 'status-item status-cursor' });
  private zoomValue = 0;

  constructor() {
    this.element = h('footer', { class: 'statusbar', 'data-testid': 'status' });
    this.render();
  }

  setHealth(health: Health | 'offline'): void {
    this.health = health;
    this.render();
  }

  setCounts(counts: NetworkCounts): void {
    this.counts = counts;
    this.render();
  }

  setZoom(zoom: number): void {
    this.zoomValue = zoom;
    this.zoom.textContent = `${t('status.zoom')} ${zoom.toFixed(1)}`;
  }

  setCursor(lngLat: { lng: number; lat: number } | null): void {
    this.cursor.textContent = lngLat ? `${lngLat.lng.toFixed(5)}, ${lngLat.lat.toFixed(5)}` : '';
  }

  render(): void {
    const health = this.health;
    let database: HTMLElement;
    if (health === 'offline') {
      database = h('span', { class: 'status-item status-db status-bad' }, h('span', { class: 'dot' }), `${t('status.database')}: ${t('status.offline')}`);
    } else if (health) {
      database = h(
        'span',
        { class: 'status-item status-db', 'data-database': health.database },
        h('span', { class: 'dot' }),
        `${t('status.database')}: ${t(health.database === 'postgres' ? 'status.postgres' : 'status.embedded')} · PostGIS ${health.postgis}`,
      );
    } else {
      database = h('span', { class: 'status-item status-db' }, '…');
    }
    const counts = this.counts
      ? h('span', { class: 'status-item' }, t('status.counts', { streets: formatNumber(this.counts.streets), communities: formatNumber(this.counts.communities), grids: formatNumber(this.counts.grids) }))
      : null;
    this.element.replaceChildren(database, counts ?? '', h('span', { class: 'status-spacer' }), this.cursor, this.zoom);
    this.setZoom(this.zoomValue);
  }
}
