/**
 * The case queue: one row per case with its traffic light and time left, and "load more" for
 * the next page (cursor paging). Rows carry the case id, ticket, street and grid for selection and tests.
 */
import type { IncidentSummary } from '../../cases-api.ts';
import { h } from '../../dom.ts';
import { formatNumber, label, t } from '../../i18n/index.ts';
import { formatShortDateTime, timeLeft } from '../../format.ts';
import { caseTone } from '../../map/layers/cases.ts';

export type QueueState = 'loading' | 'ready' | 'error';

export class Queue {
  readonly element = h('section', { class: 'queue', 'data-testid': 'queue' });
  private items: IncidentSummary[] = [];
  private more = false;
  private state: QueueState = 'loading';
  private selected: number | null = null;

  constructor(private readonly handlers: { onSelect(id: number): void; onMore(): void }) {
    this.render();
  }

  show(items: IncidentSummary[], more: boolean): void {
    this.items = items;
    this.more = more;
    this.state = 'ready';
    this.render();
  }

  setState(state: QueueState): void {
    this.state = state;
    this.render();
  }

  select(id: number | null): void {
    this.selected = id;
    for (const row of this.element.querySelectorAll<HTMLElement>('tr[data-id]')) {
      row.classList.toggle('selected', Number(row.dataset.id) === id);
    }
    this.element.querySelector('tr.selected')?.scrollIntoView({ block: 'nearest' });
  }

  render(): void {
    this.element.dataset.state = this.state;
    const now = Date.now();
    const rows = this.items.map((item) => {
      const tone = caseTone(item);
      return h(
        'tr',
        {
          'data-id': item.id, 'data-ticket': item.ticket, 'data-status': item.status, 'data-level': item.level,
          'data-street': item.street.code, 'data-grid': item.grid.code, 'data-testid': 'queue-row',
          class: item.id === this.selected ? 'selected' : '', tabindex: 0,
          onclick: () => this.handlers.onSelect(item.id),
          onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && this.handlers.onSelect(item.id),
        },
        h('td', { class: 'cell-light' }, h('span', { class: `case-dot tone-${tone}`, title: item.light ? t(`light.${item.light}`) : t('light.none') }),
          h('span', { class: `time-left tone-${tone}` }, item.light ? timeLeft(item.dueAt, now) : '')),
        h('td', { class: 'cell-case' }, h('div', { class: 'case-category' }, item.category.name ?? item.category.code,
          item.priority === 'urgent' ? h('span', { class: 'urgent-chip' }, t('priority.urgent')) : ''),
          h('div', { class: 'case-ticket' }, item.ticket)),
        h('td', { class: 'nowrap' }, h('span', { class: `status-chip status-${item.status}` }, label(`status.${item.status}`, item.status))),
        h('td', { class: 'cell-place' }, h('div', {}, item.community.name ?? item.community.code), h('div', { class: 'muted' }, item.grid.name ?? item.grid.code)),
        h('td', { class: 'cell-kind' }, h('div', {}, t(`caseLevel.${item.level}`)), h('div', { class: 'muted' }, t(`source.${item.source}`))),
        h('td', { class: 'muted nowrap' }, formatShortDateTime(item.createdAt)),
      );
    });
    const head = h('thead', {}, h('tr', {}, ...(['queue.light', 'queue.case', 'queue.status', 'queue.place', 'queue.levelSource', 'queue.created'] as const).map((k) => h('th', {}, t(k)))));
    let footer: HTMLElement;
    if (this.state === 'error') footer = h('p', { class: 'queue-message queue-error' }, t('queue.failed'));
    else if (this.state === 'loading') footer = h('p', { class: 'queue-message' }, h('span', { class: 'spinner' }), t('queue.loading'));
    else if (!this.items.length) footer = h('p', { class: 'queue-message', 'data-testid': 'queue-empty' }, t('queue.empty'));
    else footer = h('div', { class: 'queue-footer' },
      h('span', { 'data-testid': 'queue-count' }, t('queue.shown', { n: formatNumber(this.items.length) })),
      this.more ? h('button', { type: 'button', class: 'button', 'data-testid': 'queue-more', onclick: () => this.handlers.onMore() }, t('queue.more')) : h('span', { class: 'muted' }, t('queue.end')));
    this.element.replaceChildren(h('div', { class: 'queue-scroll' }, h('table', { class: 'queue-table' }, head, h('tbody', {}, rows)), footer));
  }
}
