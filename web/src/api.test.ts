/**
 * The web client's types are the server's routes' types: a grid as GET /grids/{code} answers it
 * reaches the page with its bbox and its staff's fullTime (the hand-written GridDetail of the
 * web had neither). Checked twice: by tsc (expectTypeOf, @ts-expect-error) and by requests that
 * go through the web's own client to the app over the test database.
 */
import type { JSONParsed } from 'hono/utils/types';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { GridDetail as GridRow } from '../../api/grids/queries.ts';
import { testApp } from '../../api/testing/app.ts';
import type { SearchRoutes } from '../../api/search/routes.ts';
import { api, ApiError, client, type GridCollection, type GridDetail, type SearchHit } from './api.ts';
import { casesApi, type CaseView, type KpiReport } from './cases-api.ts';
import { citizenApi, type PublicTicket } from './citizen-api.ts';

const t = testApp();
const browserFetch = globalThis.fetch;
let gridCode = '';
let streetCode = '';

beforeAll(async () => {
  // The pages' relative URLs (/api/v1/…), answered by the app in process.
  globalThis.fetch = async (input, init) => t.app.request(String(input), init);
  const { rows } = await t.db.pool.query<{ code: string; street_code: string }>(
    `SELECT g.code, g.street_code FROM grid g WHERE g.valid_to IS NULL AND EXISTS (SELECT 1 FROM grid_staff s WHERE s.grid_code = g.code) ORDER BY g.code LIMIT 1`,
  );
  gridCode = rows[0].code;
  streetCode = rows[0].street_code;
});
afterAll(async () => {
  globalThis.fetch = browserFetch;
  await t.db.close();
});

describe('the typed client contract', () => {
  it('types a grid as the server answers it: bbox and staff.fullTime included', () => {
    expectTypeOf<GridDetail>().toHaveProperty('bbox');
    expectTypeOf<GridDetail['bbox']>().toEqualTypeOf<[number, number, number, number]>();
    expectTypeOf<GridDetail['staff'][number]['fullTime']>().toEqualTypeOf<boolean>();
    // Everything but the geometry (typed as an area by the route) is the query's row as JSON, member for member.
    expectTypeOf<Omit<GridDetail, 'geometry'>>().toEqualTypeOf<Omit<JSONParsed<GridRow>, 'geometry'>>();
    expectTypeOf<GridDetail['validFrom']>().toEqualTypeOf<string>();
    expectTypeOf<GridDetail['geometry']['type']>().toEqualTypeOf<'Polygon' | 'MultiPolygon'>();
    // A member the server does not send is a compile error, not an undefined at run time.
    // @ts-expect-error GET /grids/{code} has no `staffCount`
    expectTypeOf<GridDetail['staffCount']>().toBeNever();
    // Dates are strings once they are JSON.
    expectTypeOf<KpiReport['asOf']>().toEqualTypeOf<string>();
    expectTypeOf<CaseView['allowedActions']>().toBeArray();
    expectTypeOf<PublicTicket['access']>().toEqualTypeOf<string>();
    expectTypeOf<SearchHit['bbox']>().toEqualTypeOf<[number, number, number, number]>();
    // Parameters too: a query the route does not take does not compile.
    const search = client<SearchRoutes>();
    expectTypeOf(search.search.$get).toBeCallableWith({ query: { q: '江浦', limit: '5' } });
    // @ts-expect-error GET /search takes q and limit, not `text`
    expectTypeOf(search.search.$get).toBeCallableWith({ query: { text: '江浦' } });
  });

  it('reads a grid through the web client with the members its type promises', async () => {
    const grid = await api.grid(gridCode);
    expect(grid.code).toBe(gridCode);
    expect(grid.bbox).toHaveLength(4);
    expect(grid.bbox[0]).toBeLessThan(grid.bbox[2]);
    expect(grid.staff.length).toBeGreaterThan(0);
    for (const person of grid.staff) expect(typeof person.fullTime).toBe('boolean');
    expect(['Polygon', 'MultiPolygon']).toContain(grid.geometry.type);
  });

  it('sends query parameters as the routes declare them', async () => {
    const grids: GridCollection = await api.grids({ street: streetCode });
    expect(grids.features.length).toBeGreaterThan(0);
    expect(grids.features.every((f) => f.properties.streetCode === streetCode)).toBe(true);
    const { items } = await api.search(gridCode.slice(0, 9), 5);
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    const streets = await api.divisions('street');
    expect(streets.features.every((f) => f.properties.level === 'street')).toBe(true);
  });

  it('throws a refusal as an ApiError whose problem status is the HTTP status', async () => {
    const refusal = await api.grid('320111999999999').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).status).toBe(404);
    expect((refusal as ApiError).problem.status).toBe(404);
    // Nobody is signed in here: the staff routes answer 401, the citizen's a 404 for a ticket that does not open.
    const unsigned = await casesApi.reference().catch((error: unknown) => error);
    expect((unsigned as ApiError).status).toBe(401);
    const ticket = await citizenApi.ticket('PK000000000000', 'x'.repeat(22)).catch((error: unknown) => error);
    expect((ticket as ApiError).problem).toMatchObject({ status: 404 });
  });
});
