/**
 * A case as an Open311 service request: status open/closed, the time limit as
 * expected_datetime, the level or departments now in charge as agency_responsible.
 * The public ticket is the service_request_id: case ids are sequential, tickets are not.
 * Requests are public: what citizens and staff wrote goes out with personal numbers masked.
 */
import type { Status } from '../incidents/model.ts';
import type { IncidentReference } from '../incidents/reference.ts';
import type { IncidentSummary } from '../incidents/render.ts';
import { startClock } from '../incidents/time-limit.ts';
import { maskText } from '../privacy/index.ts';
import type { RequestExtras } from './queries.ts';
import { serviceNotice } from './services.ts';
import { DISTRICT_CENTRE, requestStatus, w3c } from './spec.ts';

/** More than open/closed, for status_notes when no public note explains the state. */
const STAGE_NOTES: Record<Status, string> = {
  reported: '已受理，待网格员核实',
  verified: '已核实，待立案',
  registered: '已立案，待派遣',
  dispatched: '已派遣，待处置',
  handling: '处置中',
  handled: '已处置，待核查',
  checked: '核查通过，待结案',
  closed: '已结案',
  evaluated: '已结案并评价',
  voided: '已作废',
  suspended: '缓办中',
};

/** The report note that keeps a media_url submitted with a request (see reportNote). */
const MEDIA_NOTE = /^media_url: (\S+)$/m;

export function reportNote(mediaUrl: string | undefined): string | null {
  return mediaUrl ? `media_url: ${mediaUrl}` : null;
}

export interface RenderContext {
  ref: IncidentReference;
  /** Scheme and host of this server, for absolute media URLs. */
  origin: string;
}

export function renderRequest(s: IncidentSummary, extras: RequestExtras | undefined, ctx: RenderContext) {
  const status = requestStatus(s.status);
  return {
    service_request_id: s.ticket,
    status,
    status_notes: maskText(extras?.statusNote) ?? STAGE_NOTES[s.status],
    service_name: s.category.name,
    service_code: s.category.code,
    description: maskText(s.description),
    agency_responsible: agencyResponsible(s),
    service_notice: serviceNotice(ctx.ref, s.category.code, s.level, s.priority),
    requested_datetime: w3c(s.createdAt),
    // "For requests with status=closed, this will be the date the request was closed."
    updated_datetime: w3c(status === 'closed' && s.closedAt ? s.closedAt : s.updatedAt),
    expected_datetime: w3c(expected(s, ctx.ref)),
    address: maskText(s.address) ?? [s.street.name, s.grid.name ?? s.community.name].filter(Boolean).join(''),
    address_id: null,
    zipcode: null,
    // A request located by its address only has no lat/long until it is placed: left out.
    ...(s.location ? { lat: s.location.lat, long: s.location.lon } : {}),
    // A citizen's photo opens only with the ticket's access token, which Open311 does not publish:
    // only a media_url the posting client gave itself is shown.
    media_url: MEDIA_NOTE.exec(extras?.reportNote ?? '')?.[1] ?? null,
  };
}

export type ServiceRequest = ReturnType<typeof renderRequest>;

/**
 * The due time of the case's clock; before registration (which starts the clock) the due time
 * it would have if registered when reported; none while suspended or for a voided case.
 */
function expected(s: IncidentSummary, ref: IncidentReference): Date | string | null {
  if (s.dueAt) return s.dueAt;
  if (s.status !== 'reported' && s.status !== 'verified') return null;
  const clock = startClock({ categoryCode: s.category.code, priority: s.priority }, s.level, new Date(s.createdAt!), ref.limits, ref.calendar);
  return clock.dueAt;
}

/** Grid staff, the street sub-centre, or the departments the district centre dispatched to. */
function agencyResponsible(s: IncidentSummary): string {
  if (s.grid.code === null) return DISTRICT_CENTRE; // not placed yet
  if (s.level === 'grid') return `${s.street.name ?? ''}${s.grid.name ?? s.community.name ?? ''}`;
  if (s.level === 'street') return `${s.street.name ?? ''}联勤指挥分中心`;
  const departments = s.departments.filter((d) => d.status !== 'returned').map((d) => d.name ?? d.code);
  return departments.length ? departments.join('、') : DISTRICT_CENTRE;
}
