/**
 * Which cases an analysis counts: a time window, categories, sources, an area, and for a
 * department's account the cases dispatched to its department. Analyses are aggregates (counts
 * per cell, grid or week), so every staff role reads them for its own jurisdiction; petitions
 * (信访) count like any other source, as no single case is shown. The area is checked against
 * the user's jurisdiction before any query runs.
 */
import type { Context } from 'hono';
import { sql, type SqlBool } from 'kysely';
import { z } from 'zod';
import { checkArea } from '../auth/area.ts';
import { userOf } from '../auth/principal.ts';
import { scopeOf } from '../auth/scope.ts';
import { badRequest } from '../http/problem.ts';
import { bboxParam, type BBox } from '../http/params.ts';
import { anyOf, dispatchedTo, inCategories, type Incidents } from '../incidents/list.ts';
import { SOURCES, type Source } from '../incidents/model.ts';
import { commaList, instant } from '../incidents/schema.ts';

/** The query parameters every analysis takes. */
export const caseFilterQuery = {
  from: instant.optional(),
  to: instant.optional(),
  category: z.string().regex(/^(\d{2}|\d{5})(,(\d{2}|\d{5}))*$/, 'category: 5-digit matter codes or 2-digit major classes, comma-separated').optional(),
  source: commaList(SOURCES, 'source').optional(),
  area: z.string().regex(/^(\d{6}|\d{9}|\d{12}|\d{15})$/, 'area: a district (6 digits), street (9), community (12) or grid (15) code').optional(),
};

const filterSchema = z.object(caseFilterQuery);
type FilterQuery = z.infer<typeof filterSchema>;

export interface CaseFilter {
  from: Date;
  to: Date;
  /** 5-digit matter codes and 2-digit major classes; empty: all. */
  categories: string[];
  sources: Source[];
  /** Grid codes starting with this code: the district, a street, a community or a grid. */
  area: string;
  /** Only the cases dispatched to this department (a department's account). */
  department: string | null;
  bbox?: BBox;
}

export const DAY_MS = 86_400_000;

/**
 * The filter of a request: the area defaults to the user's jurisdiction and must lie inside it;
 * the window ends at `to` (default now) and spans `defaultDays` unless `from` is given.
 */
export function caseFilter(c: Context, q: FilterQuery, defaultDays: number, now = new Date()): CaseFilter {
  const user = userOf(c);
  if (!user?.jurisdiction) throw badRequest('analyses are for accounts bound to a jurisdiction');
  const area = q.area ?? user.jurisdiction;
  checkArea(c, area);
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - defaultDays * DAY_MS);
  if (from >= to) throw badRequest('invalid query: from: must be before to', { errors: [{ field: 'from', message: 'not before to' }] });
  return {
    from,
    to,
    categories: q.category ? q.category.split(',') : [],
    sources: q.source ?? [],
    area,
    department: scopeOf(user).department,
  };
}

export const bboxQuery = { bbox: bboxParam.optional() };

/**
 * The condition on `incident as i` that keeps the filter's cases, time window included.
 * Address-only cases (not placed yet, sql/010) have no cell and no grid: never counted.
 */
export function matchesFilter(f: CaseFilter, window: { from: Date; to: Date } = f) {
  return (eb: Incidents) => {
    const conditions = [
      eb('i.created_at', '>=', window.from),
      eb('i.created_at', '<', window.to),
      eb('i.grid_code', '>=', f.area),
      eb('i.grid_code', '<', `${f.area}:`),
    ];
    if (f.sources.length) conditions.push(eb('i.source', '=', anyOf(f.sources)));
    if (f.categories.length) conditions.push(inCategories(f.categories.join(','))(eb));
    if (f.department) conditions.push(dispatchedTo(f.department)(eb));
    if (f.bbox) {
      const [minLon, minLat, maxLon, maxLat] = f.bbox;
      conditions.push(eb(sql<SqlBool>`i.geom && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`, '=', true));
    }
    return eb.and(conditions);
  };
}
