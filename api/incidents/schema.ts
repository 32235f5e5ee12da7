/** Request schemas of the incident endpoints (zod), shared with the citizen endpoints. */
import { z } from 'zod';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import { bboxParam, communityCode, gridCode, streetCode } from '../http/params.ts';
import { LEVELS, PRIORITIES, SOURCES, STATUSES } from './model.ts';
import { ACTIONS } from './workflow.ts';

export const categoryCode = z.string().regex(/^\d{5}$/, 'a category is a 5-digit GB/T 47678.5 matter code');
export const lon = z.number({ error: 'lon must be a number' }).min(-180, 'lon must be within -180..180').max(180, 'lon must be within -180..180');
export const lat = z.number({ error: 'lat must be a number' }).min(-90, 'lat must be within -90..90').max(90, 'lat must be within -90..90');
export const description = z.string().trim().min(1, 'description is empty').max(2000, 'description has more than 2000 characters');
export const phone = z.string().trim().regex(/^\+?[0-9][0-9 -]{4,19}$/, 'phone must be 5–20 digits');
export const photoInput = z.object({
  contentType: z.enum(['image/jpeg', 'image/png']).optional(),
  data: z.string().min(1, 'data is empty'),
});

export const createBody = z.object({
  source: z.enum(SOURCES),
  category: categoryCode,
  priority: z.enum(PRIORITIES).default('normal'),
  level: z.enum(LEVELS).default('grid'),
  lon,
  lat,
  description,
  address: z.string().trim().max(200).optional(),
  reporter: z.object({ name: z.string().trim().max(50).optional(), phone: phone.optional() }).optional(),
  note: z.string().trim().max(2000).optional(),
  selfHandled: z.boolean().default(false),
  photos: z.array(photoInput).max(3, 'at most 3 photos').default([]),
});

export const actionBody = z.object({
  action: z.enum(ACTIONS),
  note: z.string().trim().min(1, 'note is empty').max(2000).optional(),
  expectedVersion: z.number().int().positive().optional(),
  departments: z.array(z.string().trim().min(1).max(64)).min(1, 'at least one department').max(10, 'at most 10 departments').optional(),
  assignee: z.string().trim().min(1).max(100).optional(),
  amount: z.number().positive('amount must be positive').max(1000).optional(),
  rating: z.number().int().min(1, 'rating is 1–5').max(5, 'rating is 1–5').optional(),
  comment: z.string().trim().max(1000).optional(),
  duplicateOf: z.number().int().positive().optional(),
  photos: z.array(photoInput).max(3, 'at most 3 photos').optional(),
  /** place: where a case reported by address only is. */
  lon: lon.optional(),
  lat: lat.optional(),
});

const ISO_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time; without an offset it is Shanghai time. */
export const instant = z.string().transform((value, ctx) => {
  const local = !/(Z|[+-]\d{2}:?\d{2})$/.test(value) || value.length <= 10;
  const date = ISO_TIME.test(value) ? (local ? safe(() => shanghaiTime(value.slice(0, 19))) : new Date(value)) : null;
  if (!date || Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 date or date-time, e.g. 2026-11-01 or 2026-11-01T08:00:00+08:00' });
    return z.NEVER;
  }
  return date;
});

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** `a,b,c` where each is one of `values`. */
export function commaList<T extends string>(values: readonly [T, ...T[]], what: string) {
  return z.string().transform((value, ctx) => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    const wrong = items.filter((item) => !values.includes(item as T));
    if (items.length === 0 || wrong.length) {
      ctx.addIssue({ code: 'custom', message: `unknown ${what} ${wrong.join(', ') || '(empty)'}; one or more of ${values.join(', ')}` });
      return z.NEVER;
    }
    return items as T[];
  });
}

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const listQuery = z.object({
  status: commaList(STATUSES, 'status').optional(),
  level: commaList(LEVELS, 'level').optional(),
  source: commaList(SOURCES, 'source').optional(),
  priority: z.enum(PRIORITIES).optional(),
  category: z.string().regex(/^(\d{2}|\d{5})(,(\d{2}|\d{5}))*$/, 'category: 5-digit matter codes or 2-digit major classes, comma-separated').optional(),
  street: streetCode.optional(),
  community: communityCode.optional(),
  grid: gridCode.optional(),
  department: z.string().min(1).max(64).optional(),
  bbox: bboxParam.optional(),
  from: instant.optional(),
  to: instant.optional(),
  open: flag.optional(),
  overdue: flag.optional(),
  light: commaList(['green', 'yellow', 'red'], 'light').optional(),
  ticket: z.string().max(32).optional(),
  sort: z.enum(['created', 'due']).default('created'),
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be an integer').min(1).max(500, 'limit is at most 500').default(50),
  cursor: z.string().max(200).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const idParam = z.coerce.number({ error: 'a case id is a positive integer' }).int('a case id is a positive integer').positive('a case id is a positive integer');

export const duplicatesQuery = z.object({
  category: categoryCode,
  lon: z.coerce.number({ error: 'lon must be a number' }).min(-180).max(180),
  lat: z.coerce.number({ error: 'lat must be a number' }).min(-90).max(90),
  at: instant.optional(),
});
