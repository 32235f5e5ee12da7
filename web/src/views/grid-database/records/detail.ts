/** One record: category, key, place (grid, community, street), coordinates, H3 cells and every attribute as the API gave it. */
import { h } from '../../../dom.ts';
import { formatDateTime } from '../../../format.ts';
import { t } from '../../../i18n/index.ts';
import type { EntityView } from '../../../grid-database-api.ts';
import { attributeText } from './table.ts';

export class RecordDetail {
  readonly element = h('section', { class: 'record-detail', 'data-testid': 'record-detail', hidden: true });
  private item: EntityView | undefined;

  constructor(
    private readonly placeName: (item: EntityView) => string,
    private readonly onClose: () => void,
  ) {}

  show(item: EntityView | undefined): void {
    this.item = item;
    this.render();
  }

  render(): void {
    const item = this.item;
    this.element.hidden = !item;
    if (!item) return;
    this.element.dataset.id = String(item.id);
    const row = (label: string, value: string, testid?: string) => [h('dt', {}, label), h('dd', { 'data-testid': testid }, value)];
    this.element.replaceChildren(
      h('header', { class: 'job-head' },
        h('h2', { class: 'section-title' }, `${item.categoryName} · ${item.sourceKey ?? `#${item.id}`}`),
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'record-close', onclick: () => this.onClose() }, t('detail.close'))),
      h('dl', { class: 'record-fields' },
        row(t('gdb.records.category'), `${item.category} ${item.categoryName}`),
        row(t('gdb.records.key'), item.sourceKey ?? '—', 'record-detail-key'),
        row(t('gdb.records.place'), this.placeName(item), 'record-detail-place'),
        row(t('gdb.records.position'), `${item.lon.toFixed(6)}, ${item.lat.toFixed(6)}`, 'record-detail-position'),
        row('H3 r9', item.h3.r9),
        row(t('gdb.records.updated'), formatDateTime(item.updatedAt))),
      h('h3', {}, t('gdb.records.attributes')),
      h('dl', { class: 'record-fields', 'data-testid': 'record-detail-attrs' },
        Object.entries(item.attrs).flatMap(([k, v]) => [h('dt', {}, k), h('dd', { 'data-attr': k }, attributeText(v))])),
    );
  }
}
