/**
 * The citizen side of the API (/api/v1/public/…, and the point lookup): report, follow a ticket,
 * rate, message the centre, read the news. A ticket opens with its access token (sent as
 * X-Ticket-Access, so it stays out of URLs and logs) or for the signed-in citizen who reported it.
 * Typed clients of the citizen and lookup routes (type-only imports).
 */
import type { InferResponseType } from 'hono/client';
import type { CitizenRoutes } from '../../api/citizens/routes.ts';
import type { LookupRoutes } from '../../api/lookup/routes.ts';
import type { PublicStatus } from '../../api/citizens/public-view.ts';
import { client, read, requestJson, V1 } from './api.ts';

const citizens = client<CitizenRoutes>();
const lookup = client<LookupRoutes>();

export type { PublicStatus };
/** A ticket as the public API answers it, with its access token and links that carry it. */
export type PublicTicket = Awaited<ReturnType<typeof citizenApi.ticket>>;
export type Category = Awaited<ReturnType<typeof citizenApi.categories>>['items'][number];
export type NewsItem = Awaited<ReturnType<typeof citizenApi.news>>['items'][number];
export type PossibleDuplicate = Awaited<ReturnType<typeof citizenApi.duplicates>>['items'][number];
export type MessageRow = Awaited<ReturnType<typeof citizenApi.messages>>['items'][number];
export type Place = Awaited<ReturnType<typeof citizenApi.lookup>>;

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

const ticketParam = (ticket: string) => ({ param: { ticket: encodeURIComponent(ticket) } });
/** The header that opens a ticket; none when the token is unknown (a signed-in reporter needs none). */
const accessHeader = (access: string | null): Record<string, string> => (access ? { 'x-ticket-access': access } : {});
const opening = (access: string | null, signal?: AbortSignal) => ({ headers: accessHeader(access), ...(signal ? { init: { signal } } : {}) });

/** The answer to a report: the ticket as GET /public/tickets/{ticket} answers it. */
type ReportAnswer = InferResponseType<typeof citizens.public.reports.$post>;

export const citizenApi = {
  categories: () => read(citizens.public.categories.$get()),
  news: (limit = 20) => read(citizens.public.news.$get({ query: { limit: String(limit) } })),
  lookup: (lon: number, lat: number, signal?: AbortSignal) =>
    read(lookup.lookup.$get({ query: { lon: String(lon), lat: String(lat) } }, signal ? { init: { signal } } : undefined)),
  duplicates: (category: string, lon: number, lat: number) =>
    read(citizens.public.duplicates.$get({ query: { category, lon: String(lon), lat: String(lat) } })),
  /**
   * Sends a report under `idempotencyKey`: the same key always answers the same ticket. Multipart
   * (photos as files), which the route reads itself, so outside the typed client; its answer's type is the route's.
   */
  report: async (draft: ReportDraft, idempotencyKey: string) =>
    (await requestJson<ReportAnswer>(`${V1}/public/reports`, { method: 'POST', body: reportForm(draft), headers: { 'idempotency-key': idempotencyKey } })).body,
  ticket: (ticket: string, access: string | null, signal?: AbortSignal) =>
    read(citizens.public.tickets[':ticket'].$get(ticketParam(ticket), opening(access, signal))),
  rate: (ticket: string, access: string | null, rating: number, comment?: string) =>
    read(citizens.public.tickets[':ticket'].rating.$post({ ...ticketParam(ticket), json: { rating, comment } }, opening(access))),
  messages: (ticket: string, access: string | null) =>
    read(citizens.public.tickets[':ticket'].messages.$get(ticketParam(ticket), opening(access))),
  message: (ticket: string, access: string | null, body: string, idempotencyKey: string) =>
    read(citizens.public.tickets[':ticket'].messages.$post(
      { ...ticketParam(ticket), json: { body } },
      { headers: { ...accessHeader(access), 'idempotency-key': idempotencyKey } },
    )),
  /** The signed-in citizen's own tickets, with their tokens. */
  myTickets: () => read(citizens.public.my.tickets.$get()),
};

/** A random UUID v4; crypto.randomUUID needs a secure context, a phone on the LAN may not have one. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
