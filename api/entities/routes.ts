/**
 * GET /entities: grid-database records with keyset paging (opaque `cursor`), or a streamed
 * export of everything that matches as CSV or GeoJSON (`format=csv|geojson`, or Accept:
 * text/csv / application/geo+json). An export is not paged: it starts after `cursor` if given
 * and stops after `limit` records if given, otherwise it runs to the end. Personal data is
 * masked (see api/privacy).
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import { badRequest } from '../http/problem.ts';
import { bboxParam, communityCode, gridCode, streetCode } from '../http/params.ts';
import { parseWith } from '../http/validate.ts';
import { entitiesCsv, entitiesGeoJson } from './export.ts';
import { entityBatches, entityPage, matchCount, orderFor, PAGE_SORTABLE } from './queries.ts';
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

export function entityRoutes({ db }: AppDeps): Hono {
  return new Hono().get('/entities', async (c) => {
    const { limit, cursor, format: requested, ...filter } = parseWith(listQuery, c.req.query(), 'query');
    const format = formatOf(c, requested);
    const after = cursor ?? 0;
    // roles decide this (identity issue); until then every caller gets masked data
    const unmasked = false;
    if (format === 'csv' || format === 'geojson') {
      const batches = entityBatches(db.pool, filter, after, limit ?? Number.MAX_SAFE_INTEGER, unmasked);
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
    const order = orderFor(await matchCount(db.pool, filter), PAGE_SORTABLE);
    const page = await entityPage(db.pool, filter, after, size + 1, unmasked, order);
    const items = page.slice(0, size);
    const nextCursor = page.length > size ? encodeCursor(items[items.length - 1].id) : null;
    return c.json({ items, nextCursor, limit: size });
  });
}
