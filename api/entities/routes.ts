/**
 * GET /entities: grid-database records with keyset paging (opaque `cursor`), or a streamed
 * export of everything that matches as CSV or GeoJSON (`format=csv|geojson`, or Accept:
 * text/csv / application/geo+json). An export is not paged: it starts after `cursor` if given
 * and stops after `limit` records if given, otherwise it runs to the end. Personal data is
 * masked (see api/privacy).
 */
import { Hono, type Context } from 'hono';
import { access, forbidden, rule } from '../auth/access.ts';
import { recordUnmaskedRead } from '../auth/audit.ts';
import { userOf, type User } from '../auth/principal.ts';
import { RECORD_READERS, SEES_RECORDS_UNMASKED } from '../auth/roles.ts';
import { scopeOf, withScope } from '../auth/scope.ts';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { badRequest } from '../http/problem.ts';
import { bboxParam, communityCode, gridCode, streetCode } from '../http/params.ts';
import { parseWith } from '../http/validate.ts';
import { entitiesCsv, entitiesGeoJson } from './export.ts';
import { entityBatches, entityPage, matchCount, orderFor, PAGE_SORTABLE, type EntityFilter, type ScopedRead } from './queries.ts';
import { byteStream } from './stream.ts';

const PAGE_DEFAULT = 100;
const PAGE_MAX = 1_000;

/** `cursor` is the last id of the previous page, wrapped so clients treat it as opaque. */
export const encodeCursor = (id: number) => Buffer.from(`e:${id}`).toString('base64url');

const cursorParam = z.string().transform((value, ctx) => {
  const match = /^e:(\d{1,15})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'cursor is not one this API gave out' });
    return z.NEVER;
  }
  return Number(match[1]);
});

const listQuery = z.object({
  category: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'category is a category code such as RP01 or 01001').optional(),
  grid: gridCode.optional(),
  community: communityCode.optional(),
  street: streetCode.optional(),
  bbox: bboxParam.optional(),
  limit: z.coerce.number().int().min(1, 'limit is at least 1').optional(),
  cursor: cursorParam.optional(),
  format: z.enum(['json', 'csv', 'geojson'], { message: 'format must be json, csv or geojson' }).optional(),
});

function formatOf(c: Context, format: 'json' | 'csv' | 'geojson' | undefined): 'json' | 'csv' | 'geojson' {
  if (format) return format;
  const accept = c.req.header('accept') ?? '';
  if (accept.includes('text/csv')) return 'csv';
  if (accept.includes('application/geo+json')) return 'geojson';
  return 'json';
}

/**
 * The filter a user may ask for: inside their jurisdiction (403 outside it), and narrowed to it
 * when they ask for less (the handler's filter; row-level security keeps to it regardless).
 */
function scopedFilter(user: User, filter: EntityFilter): EntityFilter {
  const asked = filter.grid ?? filter.community ?? filter.street;
  const own = user.jurisdiction!;
  if (asked && !asked.startsWith(own) && !own.startsWith(asked)) throw forbidden(`${asked} lies outside your jurisdiction ${own}`);
  if (asked && asked.length >= own.length) return filter;
  const narrowed: EntityFilter = { category: filter.category, bbox: filter.bbox };
  if (own.length === 15) narrowed.grid = own;
  else if (own.length === 12) narrowed.community = own;
  else if (own.length === 9) narrowed.street = own;
  return narrowed;
}

export function entityRoutes({ db }: AppDeps) {
  return new Hono().get('/entities', access(rule(...RECORD_READERS)), async (c) => {
    const user = userOf(c)!;
    const { limit, cursor, format: requested, ...asked } = parseWith(listQuery, c.req.query(), 'query');
    const filter = scopedFilter(user, asked);
    const scope = scopeOf(user);
    const read: ScopedRead = (work) => withScope(db.pool, scope, work);
    const format = formatOf(c, requested);
    const after = cursor ?? 0;
    // Grid workers know their residents: they see them unmasked, and every such read is logged.
    const unmasked = SEES_RECORDS_UNMASKED.includes(user.role);
    const subject = new URLSearchParams(c.req.query()).toString();
    if (format === 'csv' || format === 'geojson') {
      if (unmasked) await recordUnmaskedRead(db.pool, user, 'entity', `export ${subject}`, 0);
      const batches = entityBatches(read, filter, after, limit ?? Number.MAX_SAFE_INTEGER, unmasked);
      const csv = format === 'csv';
      return c.body(byteStream(csv ? entitiesCsv(batches) : entitiesGeoJson(batches)), 200, {
        'content-type': csv ? 'text/csv; charset=utf-8' : 'application/geo+json',
        'content-disposition': `attachment; filename="entities.${csv ? 'csv' : 'geojson'}"`,
      });
    }
    if (limit !== undefined && limit > PAGE_MAX) {
      throw badRequest(`invalid query: limit: a page has at most ${PAGE_MAX} records (exports with format=csv|geojson have no limit)`, {
        errors: [{ field: 'limit', message: `at most ${PAGE_MAX}` }],
      });
    }
    const size = limit ?? PAGE_DEFAULT;
    // One more than asked tells whether there is a next page.
    const page = await read(async (q) => entityPage(q, filter, after, size + 1, unmasked, orderFor(await matchCount(q, filter), PAGE_SORTABLE)));
    const items = page.slice(0, size);
    if (unmasked && items.length) await recordUnmaskedRead(db.pool, user, 'entity', subject || 'all', items.length);
    const nextCursor = page.length > size ? encodeCursor(items[items.length - 1].id) : null;
    return c.json({ items, nextCursor, limit: size });
  });
}

/** The routes of /entities, for typed clients. */
export type EntityRoutes = ReturnType<typeof entityRoutes>;
