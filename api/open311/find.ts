/**
 * GET requests: the spec's filters on the incidents domain's list (newest first, public sources
 * only), with the status notes and photos of the whole page read at once.
 */
import { badRequest } from '../http/problem.ts';
import type { IncidentDeps } from '../incidents/create.ts';
import { listIncidents } from '../incidents/list.ts';
import type { IncidentSummary } from '../incidents/render.ts';
import type { ListQuery } from '../incidents/schema.ts';
import { selectRequestExtras } from './queries.ts';
import { renderRequest, type ServiceRequest } from './requests.ts';
import type { RequestsQuery } from './schema.ts';
import { MAX_REQUESTS, MAX_SPAN_DAYS, PUBLISHED_SOURCES } from './spec.ts';

const DAY_MS = 86_400_000;
const wholeSecond = (at: Date) => Math.floor(at.getTime() / 1000) * 1000;

export async function findRequests(deps: IncidentDeps, query: RequestsQuery, origin: string, now = new Date()): Promise<ServiceRequest[]> {
  // "This overrides all other arguments."
  if (query.service_request_id) return requestsByTicket(deps, query.service_request_id, origin);
  const { from, to } = dateRange(query.start_date, query.end_date, now);
  const statuses = new Set(query.status ?? ['open', 'closed']);
  const list: ListQuery = {
    sort: 'created',
    limit: MAX_REQUESTS,
    source: PUBLISHED_SOURCES,
    category: query.service_code?.join(','),
    // Published times are whole seconds (w3c): a date names its whole second, so a request
    // is found by the time it shows. end_date is included; the list's `to` is exclusive.
    from: new Date(wholeSecond(from)),
    to: new Date(wholeSecond(to) + 1000),
    open: statuses.size === 2 ? undefined : statuses.has('open'),
  };
  const { items } = await listIncidents(deps, list, now);
  return render(deps, items, origin);
}

/** Requests by their ids (the tickets), in the order asked; unknown ones are left out. */
export async function requestsByTicket(deps: IncidentDeps, tickets: string[], origin: string): Promise<ServiceRequest[]> {
  const pages = await Promise.all(
    tickets.map((ticket) => listIncidents(deps, { sort: 'created', limit: 1, source: PUBLISHED_SOURCES, ticket })),
  );
  return render(deps, pages.flatMap((page) => page.items), origin);
}

async function render(deps: IncidentDeps, items: IncidentSummary[], origin: string): Promise<ServiceRequest[]> {
  const [ref, extras] = await Promise.all([deps.reference.get(), selectRequestExtras(deps.pool, items.map((s) => s.id))]);
  return items.map((s) => renderRequest(s, extras.get(s.id), { ref, origin }));
}

/** start_date..end_date, by default the most recent 90 days; a wider span is refused. */
function dateRange(start: Date | undefined, end: Date | undefined, now: Date): { from: Date; to: Date } {
  const span = MAX_SPAN_DAYS * DAY_MS;
  const to = end ?? (start ? new Date(start.getTime() + span) : now);
  const from = start ?? new Date(to.getTime() - span);
  if (from > to) throw badRequest('start_date is after end_date');
  if (to.getTime() - from.getTime() > span) throw badRequest(`start_date and end_date may not span more than ${MAX_SPAN_DAYS} days`);
  return { from, to };
}
