/**
 * GET /kpis?level=&code=&from=&to=[&asOf=]: the workflow KPIs of an area (district, street,
 * community or grid) for the cases registered in [from, to): totals, per child area, per
 * department and per grid. Defaults: the district, the last 30 days, judged now. A department's
 * account gets the KPIs of the cases dispatched to its department.
 */
import { access, rule } from '../auth/access.ts';
import { checkArea } from '../auth/area.ts';
import { userOf } from '../auth/principal.ts';
import { scopeOf, withScope, type DataScope } from '../auth/scope.ts';
import { AGGREGATE_READERS } from '../auth/roles.ts';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.ts';
import type { Queryable } from '../db/database.ts';
import { badRequest, notFound } from '../http/problem.ts';
import { districtCode } from '../divisions/queries.ts';
import { validQuery } from '../http/validate.ts';
import { instant } from '../incidents/schema.ts';
import { addCounts, kpis, zeroCounts, type KpiCounts } from './formulas.ts';
import { areaAndGrids, countsByDepartment, countsByGrid, departmentNames, type AreaLevel, type KpiWindow } from './queries.ts';

const CODE_LENGTH: Record<AreaLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };
const CHILD: Record<AreaLevel, AreaLevel | null> = { district: 'street', street: 'community', community: 'grid', grid: null };

const kpiQuery = z.object({
  level: z.enum(['district', 'street', 'community', 'grid']).default('district'),
  code: z.string().regex(/^\d{6,15}$/, 'code is a division or grid code (6–15 digits)').optional(),
  from: instant.optional(),
  to: instant.optional(),
  asOf: instant.optional(),
});

/**
 * The KPIs of the window. With a scope (a department's account), the counts are read in a
 * transaction under its row-level security, one statement after another on its one client.
 */
export async function computeKpis(deps: AppDeps, window: KpiWindow, scope?: DataScope) {
  const read = async (db: Queryable) => {
    const area = await areaAndGrids(db, window.level, window.code);
    if (!area) return null;
    return { area, byGrid: await countsByGrid(db, window), byDepartment: await countsByDepartment(db, window), departments: await departmentNames(db) };
  };
  const counted = scope ? await withScope(deps.db.pool, scope, read) : await read(deps.db.pool);
  if (!counted) throw notFound(`no ${window.level} has code ${window.code}`);
  const { area, byGrid, byDepartment, departments } = counted;
  const totals = zeroCounts();
  const byChild = new Map<string, KpiCounts>(area.children.map((c) => [c.code, zeroCounts()]));
  const childLevel = CHILD[window.level];
  for (const [gridCode, counts] of byGrid) {
    addCounts(totals, counts);
    const childCode = childLevel ? gridCode.slice(0, CODE_LENGTH[childLevel]) : null;
    if (childCode && byChild.has(childCode)) addCounts(byChild.get(childCode)!, counts);
  }
  return {
    scope: {
      level: window.level,
      code: window.code,
      name: area.name,
      ...(window.department ? { department: { code: window.department, name: departments.get(window.department) ?? null } } : {}),
    },
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    asOf: window.asOf.toISOString(),
    totals: kpis(totals),
    byArea: area.children.map((c) => ({ level: childLevel, code: c.code, name: c.name, ...kpis(byChild.get(c.code)!) })),
    byDepartment: [...byDepartment]
      .map(([code, counts]) => ({ code, name: departments.get(code) ?? null, ...kpis(counts) }))
      .sort((a, b) => b.registered - a.registered || a.code.localeCompare(b.code)),
    byGrid: area.grids.map((g) => ({
      code: g.code,
      name: g.name,
      communityCode: g.community_code,
      streetCode: g.street_code,
      ...kpis(byGrid.get(g.code) ?? zeroCounts()),
    })),
  };
}

export function kpiRoutes(deps: AppDeps) {
  return new Hono().get('/kpis', access(rule(...AGGREGATE_READERS)), validQuery(kpiQuery), async (c) => {
    const q = c.req.valid('query');
    let code = q.code;
    if (!code) {
      if (q.level !== 'district') throw badRequest(`invalid query: code: required with level=${q.level}`, { errors: [{ field: 'code', message: 'required' }] });
      const district = await districtCode(deps.db.pool);
      if (!district) throw notFound('no district is loaded');
      code = district;
    }
    if (code.length !== CODE_LENGTH[q.level]) {
      throw badRequest(`invalid query: code: a ${q.level} code has ${CODE_LENGTH[q.level]} digits`, { errors: [{ field: 'code', message: 'wrong length' }] });
    }
    checkArea(c, code);
    const asOf = q.asOf ?? new Date();
    const to = q.to ?? asOf;
    const from = q.from ?? new Date(to.getTime() - 30 * 86_400_000);
    if (from >= to) throw badRequest('invalid query: from: must be before to', { errors: [{ field: 'from', message: 'not before to' }] });
    // Department staff see the cases dispatched to their department, not the whole area's.
    const user = userOf(c);
    const scope = user ? scopeOf(user) : null;
    const department = scope?.department ?? null;
    return c.json(await computeKpis(deps, { level: q.level, code, from, to, asOf, department }, department ? scope! : undefined), 200);
  });
}

/** The routes of /kpis, for typed clients. */
export type KpiRoutes = ReturnType<typeof kpiRoutes>;
