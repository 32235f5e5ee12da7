/** One ticket as its reporter sees it: status and progress, the public timeline, photos, rating, messages. */
import { ApiError } from '../../api.ts';
import { citizenApi, type PublicStatus, type PublicTicket } from '../../citizen-api.ts';
import { h } from '../../dom.ts';
import { label, t } from '../../i18n/index.ts';
import { formatDateTime } from '../../format.ts';
import { categoryName } from './category-picker.ts';
import { ratingSection } from './rating.ts';
import { CitizenThread } from './thread.ts';

const STEPS: PublicStatus[] = ['received', 'in_progress', 'closed'];

/** Received → in progress → done, as three dots and two lines (rejected ends at the first). */
export function progress(status: PublicStatus): HTMLElement {
  const reached = status === 'rejected' ? 0 : STEPS.indexOf(status);
  const steps = status === 'rejected' ? (['received', 'rejected'] as PublicStatus[]) : STEPS;
  return h('ol', { class: `progress progress-${status}`, 'data-testid': 'progress' }, steps.map((step, i) =>
    h('li', { class: i <= Math.max(reached, status === 'rejected' ? 1 : reached) ? 'done' : '' }, h('span', { class: 'progress-dot' }), t(`public.${step}`))));
}

export function statusChip(status: PublicStatus): HTMLElement {
  return h('span', { class: `public-chip public-${status}`, 'data-testid': 'ticket-status', 'data-status': status }, t(`public.${status}`));
}

export class TicketView {
  readonly element = h('div', { class: 'ticket-view', 'data-testid': 'ticket-view' });
  private current: PublicTicket | null = null;
  private failed: string | null = null;
  private readonly thread: CitizenThread;

  constructor(
    readonly ticket: string,
    private readonly access: string | null,
    private readonly onBack: () => void,
  ) {
    this.thread = new CitizenThread(ticket, access);
    this.render();
  }

  async load(): Promise<void> {
    try {
      this.current = await citizenApi.ticket(this.ticket, this.access);
      this.failed = null;
    } catch (error) {
      this.failed = error instanceof ApiError && error.status === 404 ? t('tickets.notFound', { ticket: this.ticket }) : t('tickets.failed');
    }
    this.render();
    if (this.current) await this.thread.load();
  }

  render(): void {
    const back = h('button', { type: 'button', class: 'back-button', 'data-testid': 'ticket-back', onclick: () => this.onBack() }, `‹ ${t('tickets.back')}`);
    const x = this.current;
    if (!x) {
      this.element.replaceChildren(back, h('p', { class: this.failed ? 'form-error' : 'muted' }, this.failed ?? '…'));
      return;
    }
    this.thread.render();
    this.element.replaceChildren(
      back,
      h('section', { class: 'card ticket-head' },
        h('div', { class: 'ticket-title-row' }, h('h2', {}, categoryName(x.category.code, x.category.name)), statusChip(x.status)),
        h('div', { class: 'ticket-number', 'data-testid': 'ticket-number' }, t('ticket.number', { ticket: x.ticket }), ' · ',
          h('a', { href: `/report.html#ticket=${x.ticket}&access=${x.access}`, class: 'ticket-link', 'data-testid': 'ticket-link' }, t('ticket.link'))),
        progress(x.status),
        h('p', { class: 'muted small' }, t('ticket.reported', { time: formatDateTime(x.createdAt) }))),
      h('section', { class: 'card' },
        h('h3', {}, t('ticket.description')), h('p', { 'data-testid': 'ticket-description' }, x.description),
        h('h3', {}, t('ticket.place')), h('p', {}, [x.street.name, x.community.name, x.address].filter(Boolean).join(' · ')),
        x.photos.length ? h('div', { class: 'photo-row', 'data-testid': 'ticket-photos' }, x.photos.map((p) => h('a', { class: 'thumb', href: p.url, target: '_blank', rel: 'noopener' }, h('img', { src: p.url, alt: t('ticket.photos') })))) : ''),
      ratingSection(x, (rated) => {
        this.current = rated;
        this.render();
      }),
      h('section', { class: 'card' }, h('h3', {}, t('ticket.timeline')),
        h('ol', { class: 'public-timeline', 'data-testid': 'public-timeline' }, [...x.timeline].reverse().map((e) =>
          h('li', { 'data-action': e.action }, h('div', { class: 'row' }, h('strong', {}, label(`action.${e.action}`, e.action)), h('time', { class: 'muted small' }, formatDateTime(e.at))),
            e.note ? h('p', { class: 'small' }, e.note) : '')))),
      this.thread.element,
    );
  }
}
