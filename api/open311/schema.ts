/**
 * The arguments of GET and POST requests, with the spec's names (so a 400 names the field the
 * client sent). "Optional" means an empty argument is the same as an absent one.
 */
import { z } from 'zod';
import { commaList, instant } from '../incidents/schema.ts';
import { REQUEST_STATUSES } from './spec.ts';

/** Arguments as the client sent them: empty ones dropped, repeated ones joined by commas. */
export function argumentsOf(values: Record<string, string[] | undefined>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [name, list] of Object.entries(values)) {
    const given = (list ?? []).map((v) => v.trim()).filter(Boolean);
    if (given.length) args[name] = given.join(',');
  }
  return args;
}

const TICKET = /^[A-Z]{2}\d{6,20}$/;

/** A W3C date-time; a '+' of the offset sent unencoded arrives as a space, which is forgiven. */
const w3cDate = z.string().transform((v) => v.replace(/ (\d{2}:?\d{2})$/, '+$1')).pipe(instant);

export const requestsQuery = z.object({
  service_request_id: z
    .string()
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
    .refine((ids) => ids.length <= 200, 'at most 200 service_request_id values at once')
    .optional(),
  service_code: z
    .string()
    .regex(/^\d{5}(,\d{5})*$/, 'service_code: 5-digit codes of GET services, comma-separated')
    .transform((v) => v.split(','))
    .optional(),
  start_date: w3cDate.optional(),
  end_date: w3cDate.optional(),
  status: commaList(REQUEST_STATUSES, 'status').optional(),
});
export type RequestsQuery = z.infer<typeof requestsQuery>;

export const isTicket = (id: string) => TICKET.test(id);

const LOCATE = 'a location is required: lat and long (WGS84 degrees), or address_string or address_id (the district centre then places the request in a grid)';

const coordinate = (name: string, limit: number) =>
  z
    .string()
    .transform((v, ctx) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < -limit || n > limit) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a number within -${limit}..${limit}` });
        return z.NEVER;
      }
      return n;
    });

/** Digits with an optional +, after the separators people write: "+86 (25) 5888-1234". */
const phone = z
  .string()
  .transform((v) => v.replace(/[\s().-]/g, ''))
  .pipe(z.string().regex(/^\+?\d{5,20}$/, 'phone must have 5–20 digits'));

export const postBody = z.object({
  // Present but unknown is a 404 (the spec's "service_code was not found"), checked against the services.
  service_code: z.string({ error: 'service_code is required (see GET services)' }),
  // Optional as in the spec, if an address is given instead.
  lat: coordinate('lat', 90).optional(),
  long: coordinate('long', 180).optional(),
  address_string: z.string().max(200, 'address_string has more than 200 characters').optional(),
  address_id: z.string().max(100).optional(),
  email: z.string().max(254).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(50).optional(),
  last_name: z.string().max(50).optional(),
  phone: phone.optional(),
  // The spec's limit (the citizen page keeps to 2,000).
  description: z.string().max(4000, 'description has more than 4,000 characters').optional(),
  media_url: z.url({ protocol: /^https?$/, error: 'media_url must be an http(s) URL' }).max(2000).optional(),
}).superRefine((body, ctx) => {
  if ((body.lat === undefined) !== (body.long === undefined)) {
    ctx.addIssue({ code: 'custom', path: [body.lat === undefined ? 'lat' : 'long'], message: 'lat and long go together' });
  } else if (body.lat === undefined && !body.address_string && !body.address_id) {
    ctx.addIssue({ code: 'custom', path: ['lat'], message: LOCATE });
  }
});
export type PostBody = z.infer<typeof postBody>;

/** 张 + 三 → 张三 (family name first in Chinese); John + Smith → John Smith. */
export function reporterName(first?: string, last?: string): string | null {
  const parts = [first?.trim(), last?.trim()].filter((p): p is string => Boolean(p));
  if (parts.length < 2) return parts[0] ?? null;
  const han = /^\p{Script=Han}+$/u;
  return han.test(parts[0]) && han.test(parts[1]) ? `${parts[1]}${parts[0]}` : `${parts[0]} ${parts[1]}`;
}
