/** "My tickets": the tickets kept on this phone with their current status, and a lookup by link or number. */
import { citizenApi, type PublicTicket } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { formatDateTime } from '../../format.ts';
import { categoryName } from './category-picker.ts';
import { progress, statusChip } from './ticket-view.ts';
import { forgetTicket, parseTicketLink, rememberTicket, storedTickets } from './ticket-store.ts';

export class TicketsView {
  readonly element = h('div', { class: 'tickets-view', 'data-testid': 'tickets-view' });
  private readonly loaded = new Map<string, PublicTicket | 'failed'>();
  private lookupError = '';

  constructor(private readonly onOpen: (ticket: string) => void) {}

  async load(): Promise<void> {
    this.render();
    // One request per ticket, a few at a time: the public API answers 60 reads at once per client.
    const tickets = storedTickets().slice(0, 30);
    for (let i = 0; i < tickets.length; i += 5) {
      await Promise.all(tickets.slice(i, i + 5).map(async ({ ticket, access }) => {
        this.loaded.set(ticket, await citizenApi.ticket(ticket, access).catch(() => 'failed' as const));
      }));
      this.render();
    }
  }

  private follow(value: string): void {
    const link = parseTicketLink(value);
    if (!link) {
      this.lookupError = t('tickets.badTicket');
      return this.render();
    }
    this.lookupError = '';
    rememberTicket(link.ticket, link.access);
    this.onOpen(link.ticket);
  }

  render(): void {
    const input = h('input', { type: 'search', class: 'input', placeholder: t('tickets.followPlaceholder'), 'data-testid': 'follow-input', 'aria-label': t('tickets.follow') });
    const tickets = storedTickets();
    this.element.replaceChildren(
      h('form', { class: 'card follow', onsubmit: (e: Event) => { e.preventDefault(); this.follow(input.value); } },
        h('h3', {}, t('tickets.follow')), h('div', { class: 'reply' }, input, h('button', { type: 'submit', class: 'button primary' }, t('tickets.followButton'))),
        this.lookupError ? h('p', { class: 'form-error' }, this.lookupError) : ''),
      tickets.length
        ? h('ul', { class: 'ticket-list' }, tickets.map(({ ticket, category }) => {
          const x = this.loaded.get(ticket);
          const known = x && x !== 'failed' ? x : null;
          return h('li', { class: 'card ticket-card', 'data-testid': 'ticket-card', 'data-ticket': ticket, tabindex: 0, role: 'button', onclick: () => this.onOpen(ticket),
            onkeydown: (e: Event) => (e as KeyboardEvent).key === 'Enter' && this.onOpen(ticket) },
            h('div', { class: 'ticket-title-row' }, h('strong', {}, categoryName(known?.category.code ?? category, known?.category.name)),
              known ? statusChip(known.status) : h('span', { class: 'muted small' }, x === 'failed' ? t('tickets.failed') : '…')),
            h('div', { class: 'muted small' }, ticket, known ? ` · ${formatDateTime(known.createdAt)}` : ''),
            known ? progress(known.status) : '',
            h('button', { type: 'button', class: 'link-button small', onclick: (e: Event) => { e.stopPropagation(); forgetTicket(ticket); this.render(); } }, t('tickets.remove')));
        }))
        : h('p', { class: 'empty muted', 'data-testid': 'tickets-empty' }, t('tickets.empty')),
    );
  }
}
