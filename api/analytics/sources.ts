/**
 * GET /analytics/sources?from=&to=&category=&area= → the cross-source comparison: per grid, the
 * cases of each source (patrol, citizen app, 12345, petition, video, superior) and per 1,000
 * residents, and the patrol blind spots: grids where citizens report far more than patrols find.
 *
 * The test, per grid: of the grid's citizen (citizen_app + hotline_12345) and patrol cases, n in
 * all, x are citizens'. Under H0 a case there is a citizen's with the area's share p0 (all the
 * area's citizen cases over its citizen + patrol cases); H1: more often. One-sided exact binomial
 * test P(X ≥ x | n, p0) — equivalently the conditional test of the Poisson rate ratio citizen :
 * patrol, so it needs no population and no assumption of equal exposure. Grids without such
 * cases are not tested (p = q = 1). The p-values are adjusted for the number of grids tested
 * with Benjamini–Hochberg (q); a blind spot is q < 0.05 with a share above the area's.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { access, rule } from '../auth/access.ts';
import { AGGREGATE_READERS } from '../auth/roles.ts';
import type { AppDeps } from '../context.ts';
import { validQuery } from '../http/validate.ts';
import { SOURCES, type Source } from '../incidents/model.ts';
import { caseFilter, caseFilterQuery } from './filters.ts';
import { adjustedP, binomialUpperTail } from './statistics/index.ts';
import { areaGrids, countsByGridAndSource, RESIDENTS_CATEGORY, type AreaGrid, type PopulationSource } from './source-queries.ts';

export const CITIZEN_SOURCES: readonly Source[] = ['citizen_app', 'hotline_12345'];
export const BLIND_SPOT_ALPHA = 0.05;

/** The window of a comparison unless from/to say otherwise: a quarter, enough cases per grid to test. */
const SOURCES_DAYS = 90;

const { source: _everySource, ...filterQuery } = caseFilterQuery;
const sourcesQuery = z.object(filterQuery);

export const BLIND_SPOT_TEST = {
  name: 'one-sided exact binomial test, Benjamini–Hochberg adjusted',
  description: 'Per grid, x citizen cases (citizen_app + hotline_12345) of n citizen + patrol cases, against the area\'s citizen share p0: '
    + 'p = P(X ≥ x | n, p0) (the conditional test of the citizen:patrol Poisson rate ratio); q = Benjamini–Hochberg adjusted p over the grids '
    + 'with n > 0; blindSpot = q < alpha and x/n > p0.',
  alpha: BLIND_SPOT_ALPHA,
};

export interface GridComparison {
  code: string;
  name: string;
  population: number;
  counts: Record<Source, number>;
  perThousand: Record<Source, number | null>;
  /** Citizen cases per patrol case; null when patrols found none. */
  citizenToPatrol: number | null;
  p: number;
  q: number;
  blindSpot: boolean;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
const zeroCounts = () => Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<Source, number>;

/** The comparison of the area's grids from their counts; exported for the test of the statistics. */
export function compareSources(grids: AreaGrid[], counts: Map<string, Map<Source, number>>): { population: PopulationSource; grids: GridComparison[] } {
  const population: PopulationSource = grids.some((g) => g.residents !== null) ? 'grid_database' : 'grid_register';
  const rows = grids.map((g) => {
    const c = zeroCounts();
    for (const [source, n] of counts.get(g.code) ?? []) c[source] = n;
    const citizens = CITIZEN_SOURCES.reduce((sum, s) => sum + c[s], 0);
    return { g, c, citizens, pop: population === 'grid_database' ? g.residents ?? 0 : g.registered };
  });
  const allCitizens = rows.reduce((sum, r) => sum + r.citizens, 0);
  const allReported = rows.reduce((sum, r) => sum + r.citizens + r.c.patrol, 0);
  const share = allReported > 0 ? allCitizens / allReported : 0;
  const p = rows.map((r) => {
    const n = r.citizens + r.c.patrol;
    // with a share of 0 or 1 every grid is alike: nothing to test
    if (n === 0 || share <= 0 || share >= 1) return 1;
    return binomialUpperTail(r.citizens, n, share);
  });
  const tested = rows.map((_, i) => i).filter((i) => rows[i].citizens + rows[i].c.patrol > 0 && share > 0 && share < 1);
  const q = new Array<number>(rows.length).fill(1);
  adjustedP(tested.map((i) => p[i])).forEach((value, j) => { q[tested[j]] = value; });
  return {
    population,
    grids: rows.map((r, i) => ({
      code: r.g.code,
      name: r.g.name,
      population: r.pop,
      counts: r.c,
      perThousand: Object.fromEntries(SOURCES.map((s) => [s, r.pop > 0 ? round((r.c[s] * 1000) / r.pop) : null])) as Record<Source, number | null>,
      citizenToPatrol: r.c.patrol > 0 ? round(r.citizens / r.c.patrol) : null,
      p: p[i],
      q: q[i],
      blindSpot: q[i] < BLIND_SPOT_ALPHA && r.citizens / (r.citizens + r.c.patrol) > share,
    })),
  };
}

export function sourcesRoutes(deps: AppDeps) {
  return new Hono().get('/analytics/sources', access(rule(...AGGREGATE_READERS)), validQuery(sourcesQuery), async (c) => {
    const filter = caseFilter(c, c.req.valid('query'), SOURCES_DAYS);
    // one after another: the embedded database serves one statement at a time
    const grids = await areaGrids(deps.db.pool, filter.area);
    const counts = await countsByGridAndSource(deps.db.pool, filter);
    const compared = compareSources(grids, counts);
    return c.json({
      area: filter.area,
      from: filter.from.toISOString(),
      to: filter.to.toISOString(),
      sources: [...SOURCES],
      population: { source: compared.population, category: compared.population === 'grid_database' ? RESIDENTS_CATEGORY : null },
      test: BLIND_SPOT_TEST,
      grids: compared.grids,
    }, 200);
  });
}
