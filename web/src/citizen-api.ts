/**
 * The citizen side of the API (/api/v1/public/…, and the point lookup): report, follow a ticket,
 * rate, message the centre, read the news. A ticket opens with its access token (sent as
 * X-Ticket-Access, so it stays out of URLs and logs) or for the signed-in citizen who reported it.
 * Types come from the server (type-only imports).
 */
import type { PublicStatus } from '../../api/citizens/public-view.ts';
import type { MessageRow } from '../../api/citizens/queries.ts';
import type { withAccess } from '../../api/citizens/tickets.ts';
import type { Category } from '../../api/incidents/reference.ts';
import { getJson, requestJson, V1, type CodeName } from './api.ts';

export type { Category, MessageRow, PublicStatus };
/** A ticket as the public API answers it, with its access token and links that carry it. */
export type PublicTicket = ReturnType<typeof withAccess>;

export interface NewsItem {
  id: number;
  title: string;
  summary: string;
  body: string;
  publishedAt: string;
}

export interface PossibleDuplicate {
  ticket: string;
  status: PublicStatus;
  category: { code: string; name: string | null };
  createdAt: string;
  distanceM: number;
}

export interface Place {
  district: CodeName;
  street: CodeName;
  community: CodeName;
  grid: CodeName;
}

/** What a citizen sends; photos go as files (multipart), as a phone's browser sends them. */
export interface ReportDraft {
  category: string;
  lon: number;
  lat: number;
  description: string;
  name?: string;
  phone?: string;
  photos: Blob[];
}

function reportForm(draft: ReportDraft): FormData {
  const form = new FormData();
  form.set('category', draft.category);
  form.set('lon', String(draft.lon));
  form.set('lat', String(draft.lat));
  form.set('description', draft.description);
  if (draft.name) form.set('name', draft.name);
  if (draft.phone) form.set('phone', draft.phone);
  draft.photos.forEach((photo, i) => form.append('photo', photo, `photo-${i + 1}.${photo.type === 'image/png' ? 'png' : 'jpg'}`));
  return form;
}

const ticketPath = (ticket: string) => `${V1}/public/tickets/${encodeURIComponent(ticket)}`;
/** The header that opens a ticket; none when the token is unknown (a signed-in reporter needs none). */
const accessHeader = (access: string | null): Record<string, string> => (access ? { 'x-ticket-access': access } : {});

export const citizenApi = {
  categories: () => getJson<{ items: Category[] }>(`${V1}/public/categories`),
  news: (limit = 20) => getJson<{ items: NewsItem[] }>(`${V1}/public/news`, { limit: String(limit) }),
  lookup: (lon: number, lat: number, signal?: AbortSignal) => getJson<Place>(`${V1}/lookup`, { lon: String(lon), lat: String(lat) }, signal),
  duplicates: (category: string, lon: number, lat: number) =>
    getJson<{ items: PossibleDuplicate[] }>(`${V1}/public/duplicates`, { category, lon: String(lon), lat: String(lat) }),
  /** Sends a report under `idempotencyKey`: the same key always answers the same ticket. */
  report: async (draft: ReportDraft, idempotencyKey: string) =>
    (await requestJson<PublicTicket>(`${V1}/public/reports`, { method: 'POST', body: reportForm(draft), headers: { 'idempotency-key': idempotencyKey } })).body,
  ticket: async (ticket: string, access: string | null, signal?: AbortSignal) =>
    (await requestJson<PublicTicket>(ticketPath(ticket), { headers: accessHeader(access), signal })).body,
  rate: async (ticket: string, access: string | null, rating: number, comment?: string) =>
    (await requestJson<PublicTicket>(`${ticketPath(ticket)}/rating`, { method: 'POST', body: { rating, comment }, headers: accessHeader(access) })).body,
  messages: async (ticket: string, access: string | null) =>
    (await requestJson<{ items: MessageRow[] }>(`${ticketPath(ticket)}/messages`, { headers: accessHeader(access) })).body,
  message: async (ticket: string, access: string | null, body: string, idempotencyKey: string) =>
    (await requestJson<MessageRow>(`${ticketPath(ticket)}/messages`, {
      method: 'POST', body: { body }, headers: { ...accessHeader(access), 'idempotency-key': idempotencyKey },
    })).body,
  /** The signed-in citizen's own tickets, with their tokens. */
  myTickets: () => getJson<{ items: { ticket: string; access: string; createdAt: string }[] }>(`${V1}/public/my/tickets`),
};

/** A random UUID v4; crypto.randomUUID needs a secure context, a phone on the LAN may not have one. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
