/**
 * What a citizen sees of a case through its ticket: no staff names, no internal notes, the
 * reporter masked, and personal numbers masked in every text (anyone with the ticket reads it).
 * The public status is coarser than the workflow's.
 */
import type { IncidentDetail } from '../incidents/render.ts';
import type { Status } from '../incidents/model.ts';
import { maskText } from '../privacy/index.ts';
import type { MessageRow } from './queries.ts';

export type PublicStatus = 'received' | 'in_progress' | 'closed' | 'rejected';

export function publicStatus(status: Status): PublicStatus {
  switch (status) {
    case 'reported':
    case 'verified':
      return 'received';
    case 'closed':
    case 'evaluated':
      return 'closed';
    case 'voided':
      return 'rejected';
    default:
      return 'in_progress';
  }
}

/** Notes a citizen may read: why it was rejected, what was done, the rating's comment. Others are internal. */
const PUBLIC_NOTES = new Set(['void', 'feedback', 'close', 'evaluate']);

export function publicTicket(detail: IncidentDetail) {
  const ticketUrl = `/api/v1/public/tickets/${detail.ticket}`;
  return {
    ticket: detail.ticket,
    status: publicStatus(detail.status),
    stage: detail.status,
    category: { code: detail.category.code, name: detail.category.name },
    location: detail.location,
    street: detail.street,
    community: detail.community,
    address: maskText(detail.address),
    description: maskText(detail.description),
    createdAt: detail.createdAt,
    closedAt: detail.closedAt,
    dueAt: detail.dueAt,
    reporter: { name: detail.reporter.name, phone: detail.reporter.phone },
    photos: detail.photos.filter((p) => p.stage === 'report' || detail.closedAt).map((p) => ({ id: p.id, stage: p.stage, url: `${ticketUrl}/photos/${p.id}` })),
    timeline: detail.events.map((e) => ({
      action: e.action,
      status: publicStatus(e.toStatus as Status),
      at: e.at,
      note: PUBLIC_NOTES.has(e.action) ? maskText(e.note) : null,
    })),
    rating: detail.rating && { ...detail.rating, comment: maskText(detail.rating.comment) },
    canRate: detail.status === 'closed',
    links: { self: ticketUrl, messages: `${ticketUrl}/messages`, rating: `${ticketUrl}/rating` },
  };
}

export type PublicTicket = ReturnType<typeof publicTicket>;

/** A message of the ticket's thread as anyone with the ticket reads it. */
export function publicMessage(message: MessageRow): MessageRow {
  return { ...message, body: maskText(message.body) };
}
