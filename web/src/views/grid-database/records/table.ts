/**
 * A page of records: category, key, grid, the first attributes (masked as the API returns them)
 * and when it changed; previous and next pages. A click on a row opens the record.
 */
import { h } from '../../../dom.ts';
import { formatShortDateTime } from '../../../format.ts';
import { t } from '../../../i18n/index.ts';
import type { EntityView } from '../../../grid-database-api.ts';

const SHOWN_ATTRIBUTES = 3;

/** A record's attribute as text: objects as JSON. */
export const attributeText = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

export type TableState = 'loading' | 'error' | 'shown';

export class RecordTable {
  readonly element = h('section', { class: 'record-table', 'data-testid': 'record-table' });
  private items: EntityView[] = [];
  private page = 0;
  private hasNext = false;
  private state: TableState = 'loading';
  private selected: number | null = null;

  constructor(
    private readonly gridName: (code: string | null) => string,
    private readonly on: { select: (item: EntityView) => void; previous: () => void; next: () => void },
  ) {}

  show(items: EntityView[], page: number, hasNext: boolean): void {
    Object.assign(this, { items, page, hasNext, state: 'shown' });
    this.render();
  }

  setState(state: TableState): void {
    this.state = state;
    this.render();
  }

  select(id: number | null): void {
    this.selected = id;
    for (const row of this.element.querySelectorAll<HTMLElement>('tr[data-id]')) row.classList.toggle('selected', row.dataset.id === String(id));
  }

  render(): void {
    this.element.dataset.state = this.state;
    const head = h('thead', {}, h('tr', {}, ...(['category', 'key', 'grid', 'attributes', 'updated'] as const).map((k) => h('th', {}, t(`gdb.records.${k}`)))));
    const rows = this.items.map((item) =>
      h('tr', { 'data-testid': 'record-row', 'data-id': item.id, class: item.id === this.selected ? 'clickable selected' : 'clickable', onclick: () => this.on.select(item) },
        h('td', {}, item.categoryName, h('div', { class: 'muted small' }, item.category)),
        h('td', { 'data-testid': 'record-key' }, item.sourceKey ?? '—'),
        h('td', {}, this.gridName(item.grid)),
        h('td', { class: 'attrs', 'data-testid': 'record-attrs' },
          Object.entries(item.attrs).slice(0, SHOWN_ATTRIBUTES).map(([k, v]) => h('span', { class: 'attr' }, h('span', { class: 'muted' }, `${k}: `), attributeText(v)))),
        h('td', { class: 'nowrap' }, formatShortDateTime(item.updatedAt))));
    const status =
      this.state === 'loading' ? t('queue.loading')
        : this.state === 'error' ? t('gdb.records.failed')
          : this.items.length === 0 ? t('gdb.records.empty') : t('gdb.records.page', { page: this.page + 1, n: this.items.length });
    this.element.replaceChildren(
      h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' }, head, h('tbody', {}, rows))),
      h('footer', { class: 'pager' },
        h('span', { class: 'muted', 'data-testid': 'record-status' }, status),
        h('button', { type: 'button', class: 'button', 'data-testid': 'record-previous', disabled: this.page === 0 || this.state === 'loading', onclick: () => this.on.previous() }, t('gdb.records.previous')),
        h('button', { type: 'button', class: 'button', 'data-testid': 'record-next', disabled: !this.hasNext || this.state === 'loading', onclick: () => this.on.next() }, t('gdb.records.next'))),
    );
  }
}
