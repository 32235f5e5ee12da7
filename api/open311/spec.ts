/**
 * The vocabulary of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), in one place:
 * formats, the element names of lists, statuses, limits and the jurisdiction served here.
 */
import { FINISHED, type Source, type Status } from '../incidents/model.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** The format is the resource's extension: `services.json`, `requests/PK….xml`. */
export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/**
 * The element of each list's items. JSON follows the XML by the Spark convention: a list
 * element becomes an array (`<services><service>…` ↔ `[{…}]`).
 */
export const LIST_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/** Open until the case is finished: closed (结案), evaluated (评价) or voided (作废). */
export type RequestStatus = 'open' | 'closed';
export const REQUEST_STATUSES = ['open', 'closed'] as const;

export function requestStatus(status: Status): RequestStatus {
  return FINISHED.includes(status) ? 'closed' : 'open';
}

/** The one jurisdiction of this endpoint (its website without www, as the spec suggests). */
export const JURISDICTION_ID = 'pukou.nanjing.gov.cn';
export const DISTRICT_CENTRE = '浦口区联勤指挥中心';

/** GET requests: "a span of 90 days or first 1000 requests returned, whichever is smallest". */
export const MAX_REQUESTS = 1000;
export const MAX_SPAN_DAYS = 90;

/** Petition (信访) cases are confidential; every other source is public through Open311. */
export const PUBLISHED_SOURCES: Source[] = ['patrol', 'citizen_app', 'hotline_12345', 'video', 'superior'];

/**
 * W3C date-time with the offset of Shanghai (no daylight saving), to the second (the fraction is
 * dropped, so a time shown names the whole second, see find.ts): 2026-11-26T09:30:07+08:00.
 */
export function w3c(at: Date | string | null): string | null {
  if (at === null) return null;
  const shifted = new Date(new Date(at).getTime() + 8 * 3_600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}
