/**
 * The access matrix: every route of the app × every role (and nobody) × inside / outside a
 * street dispatcher's jurisdiction. A route added without an entry here fails the first test;
 * one added without an access rule cannot even be built (assertEveryRouteHasRule).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeRules, describeRule } from './access.ts';
import type { Role } from './roles.ts';
import { ROLES } from './roles.ts';
import { testApp } from '../testing/app.ts';

const t = testApp({ throttle: { perUsername: 1000, perAddress: 1000, windowMs: 60_000 }, publicWrites: { buckets: { write: { capacity: 1000, perSecond: 100 } } } });
afterAll(() => t.db.close());

/** A street, a grid of it, another street, cases in each, and a citizen account. */
const fx = {
  street: '', grid: '', otherStreet: '', otherGrid: '', caseIn: 0, caseOut: 0, photoIn: 0, photoOut: 0,
  pointIn: [0, 0] as [number, number], pointOut: [0, 0] as [number, number], ticket: '', citizen: '',
};
const accounts = {} as Record<Role, string>;

beforeAll(async () => {
  const q = async (sql: string, params: unknown[] = []) => (await t.db.pool.query(sql, params)).rows;
  const streets = await q(`SELECT code FROM division WHERE level = 'street' ORDER BY code LIMIT 2`);
  fx.street = streets[0].code;
  fx.otherStreet = streets[1].code;
  const grid = async (street: string) => (await q(`SELECT code, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y FROM grid WHERE street_code = $1 AND valid_to IS NULL ORDER BY code LIMIT 1`, [street]))[0];
  const own = await grid(fx.street);
  fx.grid = own.code;
  fx.pointIn = [own.x, own.y];
  const other = await grid(fx.otherStreet);
  fx.otherGrid = other.code;
  fx.pointOut = [other.x, other.y];
  const aCase = async (street: string) => Number((await q(`SELECT id FROM incident WHERE street_code = $1 AND source <> 'petition' ORDER BY id LIMIT 1`, [street]))[0].id);
  fx.caseIn = await aCase(fx.street);
  fx.caseOut = await aCase(fx.otherStreet);
  const photo = async (id: number) => Number((await q(
    `INSERT INTO incident_photo (incident_id, stage, content_type, size, bytes, created_at) VALUES ($1, 'report', 'image/png', 1, '\\x89'::bytea, now()) RETURNING id`, [id]))[0].id);
  fx.photoIn = await photo(fx.caseIn);
  fx.photoOut = await photo(fx.caseOut);
  fx.ticket = (await q('SELECT ticket FROM incident WHERE id = $1', [fx.caseIn]))[0].ticket;
  const register = await t.app.request('/api/v1/auth/register', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `matrix-citizen-${process.pid}`, password: 'a long citizen password', displayName: '测试市民' }),
  });
  expect(register.status).toBe(201);
  fx.citizen = `matrix-citizen-${process.pid}`;
  Object.assign(accounts, {
    citizen: fx.citizen, grid_worker: `worker-${fx.grid}`, street_dispatcher: `dispatcher-${fx.street}`, district_commander: 'commander',
    department_staff: 'dept-urban_management', analyst: 'analyst', planner: 'planner', admin: 'admin',
  });
});

interface Probe {
  method?: string;
  path: () => string;
  body?: unknown;
}

interface Entry {
  /** Who may call it: 'anyone', 'signed-in', or roles. */
  allowed: 'anyone' | 'signed-in' | readonly Role[];
  probe: Probe;
  /** For the street dispatcher: the same route on something of its street, and of another (refused: 403 or 404, or nothing listed). */
  inside?: Probe;
  outside?: Probe;
  /** The request changes the caller's own state (sign-out): not sent as each role. */
  once?: boolean;
}

const HANDLERS: Role[] = ['grid_worker', 'street_dispatcher', 'district_commander', 'department_staff'];
const READERS: Role[] = [...HANDLERS, 'analyst'];
const CREATORS: Role[] = ['grid_worker', 'street_dispatcher', 'district_commander'];
const STAFF: Role[] = ROLES.filter((r) => r !== 'citizen');
const RECORDS: Role[] = ['grid_worker', 'street_dispatcher', 'district_commander', 'analyst', 'planner', 'admin'];
const ADMIN: Role[] = ['admin'];
const get = (path: () => string): Probe => ({ path });
const post = (path: () => string, body: unknown = {}): Probe => ({ method: 'POST', path, body });
const access = () => `?access=${'x'.repeat(22)}`;
const newCase = (lon: number, lat: number) => ({ source: 'patrol', category: '99999', lon, lat, description: 'matrix' });

const MATRIX: Record<string, Entry> = {
  'POST /api/v1/auth/login': { allowed: 'anyone', probe: post(() => '/api/v1/auth/login', {}) },
  'POST /api/v1/auth/logout': { allowed: 'signed-in', probe: post(() => '/api/v1/auth/logout'), once: true },
  'GET /api/v1/auth/me': { allowed: 'anyone', probe: get(() => '/api/v1/auth/me') },
  'POST /api/v1/auth/register': { allowed: 'anyone', probe: post(() => '/api/v1/auth/register', {}) },
  'GET /api/v1/admin/users': { allowed: ADMIN, probe: get(() => '/api/v1/admin/users?limit=1') },
  'POST /api/v1/admin/users': { allowed: ADMIN, probe: post(() => '/api/v1/admin/users', {}) },
  'PATCH /api/v1/admin/users/:id': { allowed: ADMIN, probe: { method: 'PATCH', path: () => '/api/v1/admin/users/999999999', body: {} } },
  'DELETE /api/v1/admin/users/:id/sessions': { allowed: ADMIN, probe: { method: 'DELETE', path: () => '/api/v1/admin/users/999999999/sessions' } },
  'GET /api/v1/admin/credentials': { allowed: ADMIN, probe: get(() => '/api/v1/admin/credentials') },
  'POST /api/v1/admin/credentials': { allowed: ADMIN, probe: post(() => '/api/v1/admin/credentials', {}) },
  'DELETE /api/v1/admin/credentials/:id': { allowed: ADMIN, probe: { method: 'DELETE', path: () => '/api/v1/admin/credentials/999999999' } },
  'GET /api/v1/admin/personal-data-access': { allowed: ADMIN, probe: get(() => '/api/v1/admin/personal-data-access?limit=1') },
  'GET /api/v1/health': { allowed: 'anyone', probe: get(() => '/api/v1/health') },
  'GET /api/v1/config': { allowed: 'anyone', probe: get(() => '/api/v1/config') },
  'GET /api/v1/divisions': { allowed: 'anyone', probe: get(() => '/api/v1/divisions?level=street') },
  'GET /api/v1/divisions/:code': { allowed: 'anyone', probe: get(() => `/api/v1/divisions/${fx.street}`) },
  'GET /api/v1/grids': { allowed: 'anyone', probe: get(() => `/api/v1/grids?street=${fx.street}`) },
  'GET /api/v1/grids/:code': { allowed: 'anyone', probe: get(() => `/api/v1/grids/${fx.grid}`) },
  'GET /api/v1/lookup': { allowed: 'anyone', probe: get(() => '/api/v1/lookup?lon=118.6&lat=32.1') },
  'POST /api/v1/lookup': { allowed: STAFF, probe: post(() => '/api/v1/lookup', { points: [] }) },
  'GET /api/v1/search': { allowed: 'anyone', probe: get(() => '/api/v1/search?q=街道') },
  'POST /api/v1/imports': { allowed: ADMIN, probe: post(() => '/api/v1/imports') },
  'POST /api/v1/imports/jobs': { allowed: ADMIN, probe: post(() => '/api/v1/imports/jobs') },
  'PUT /api/v1/imports/:id/data': { allowed: ADMIN, probe: { method: 'PUT', path: () => '/api/v1/imports/2147483000/data', body: '' } },
  'GET /api/v1/imports': { allowed: ADMIN, probe: get(() => '/api/v1/imports?limit=1') },
  'GET /api/v1/imports/:id': { allowed: ADMIN, probe: get(() => '/api/v1/imports/2147483000') },
  'GET /api/v1/imports/:id/rejections.csv': { allowed: ADMIN, probe: get(() => '/api/v1/imports/2147483000/rejections.csv') },
  'GET /api/v1/entities': {
    allowed: RECORDS, probe: get(() => `/api/v1/entities?grid=${fx.grid}&limit=1`),
    inside: get(() => `/api/v1/entities?street=${fx.street}&limit=1`), outside: get(() => `/api/v1/entities?street=${fx.otherStreet}&limit=1`),
  },
  'GET /api/v1/stats/grids': {
    allowed: STAFF, probe: get(() => `/api/v1/stats/grids?code=${fx.grid}`),
    inside: get(() => `/api/v1/stats/grids?code=${fx.street}`), outside: get(() => `/api/v1/stats/grids?code=${fx.otherStreet}`),
  },
  'GET /api/v1/stats': {
    allowed: STAFF, probe: get(() => `/api/v1/stats?level=grid&code=${fx.grid}`),
    inside: get(() => `/api/v1/stats?level=street&code=${fx.street}`), outside: get(() => `/api/v1/stats?level=street&code=${fx.otherStreet}`),
  },
  'GET /api/v1/kpis': {
    allowed: STAFF, probe: get(() => `/api/v1/kpis?level=grid&code=${fx.grid}`),
    inside: get(() => `/api/v1/kpis?level=street&code=${fx.street}`), outside: get(() => '/api/v1/kpis?level=district&code=320111'),
  },
  'GET /api/v1/analytics/heatmap': {
    allowed: STAFF, probe: get(() => `/api/v1/analytics/heatmap?area=${fx.grid}`),
    inside: get(() => `/api/v1/analytics/heatmap?area=${fx.street}`), outside: get(() => `/api/v1/analytics/heatmap?area=${fx.otherStreet}`),
  },
  'GET /api/v1/analytics/series': {
    allowed: STAFF, probe: get(() => `/api/v1/analytics/series?area=${fx.grid}`),
    inside: get(() => `/api/v1/analytics/series?area=${fx.street}&by=source`), outside: get(() => `/api/v1/analytics/series?area=${fx.otherStreet}`),
  },
  'GET /api/v1/analytics/forecast': {
    allowed: STAFF, probe: get(() => `/api/v1/analytics/forecast?area=${fx.grid}`),
    inside: get(() => `/api/v1/analytics/forecast?area=${fx.street}`), outside: get(() => `/api/v1/analytics/forecast?area=${fx.otherStreet}`),
  },
  'GET /api/v1/analytics/backtest': {
    allowed: STAFF, probe: get(() => `/api/v1/analytics/backtest?area=${fx.grid}&weeks=1`),
    inside: get(() => `/api/v1/analytics/backtest?area=${fx.street}&weeks=1`), outside: get(() => `/api/v1/analytics/backtest?area=${fx.otherStreet}&weeks=1`),
  },
  'GET /api/v1/alerts': {
    allowed: STAFF, probe: get(() => `/api/v1/alerts?area=${fx.grid}`),
    inside: get(() => `/api/v1/alerts?area=${fx.street}`), outside: get(() => `/api/v1/alerts?area=${fx.otherStreet}`),
  },
  'GET /api/v1/analytics/hotspots': {
    allowed: STAFF, probe: get(() => `/api/v1/analytics/hotspots?area=${fx.grid}`),
    inside: get(() => `/api/v1/analytics/hotspots?area=${fx.street}`), outside: get(() => `/api/v1/analytics/hotspots?area=${fx.otherStreet}`),
  },
  'GET /api/v1/analytics/emerging': {
    allowed: STAFF, probe: get(() => `/api/v1/analytics/emerging?area=${fx.grid}&steps=4`),
    inside: get(() => `/api/v1/analytics/emerging?area=${fx.street}&steps=4`), outside: get(() => `/api/v1/analytics/emerging?area=${fx.otherStreet}&steps=4`),
  },
  'GET /api/v1/analytics/sources': {
    allowed: STAFF, probe: get(() => `/api/v1/analytics/sources?area=${fx.grid}`),
    inside: get(() => `/api/v1/analytics/sources?area=${fx.street}`), outside: get(() => `/api/v1/analytics/sources?area=${fx.otherStreet}`),
  },
  'POST /api/v1/incidents': {
    allowed: CREATORS, probe: post(() => '/api/v1/incidents', {}),
    inside: post(() => '/api/v1/incidents', () => newCase(...fx.pointIn)), outside: post(() => '/api/v1/incidents', () => newCase(...fx.pointOut)),
  },
  'GET /api/v1/incidents': {
    allowed: READERS, probe: get(() => '/api/v1/incidents?limit=1'),
    inside: get(() => `/api/v1/incidents?street=${fx.street}&limit=1`), outside: get(() => `/api/v1/incidents?street=${fx.otherStreet}&limit=1`),
  },
  'GET /api/v1/incidents/reference': { allowed: READERS, probe: get(() => '/api/v1/incidents/reference') },
  'GET /api/v1/incidents/duplicates': { allowed: READERS, probe: get(() => '/api/v1/incidents/duplicates?category=06010&lon=118.6&lat=32.1') },
  'GET /api/v1/incidents/:id': {
    allowed: READERS, probe: get(() => `/api/v1/incidents/${fx.caseIn}`),
    inside: get(() => `/api/v1/incidents/${fx.caseIn}`), outside: get(() => `/api/v1/incidents/${fx.caseOut}`),
  },
  'POST /api/v1/incidents/:id/actions': {
    allowed: HANDLERS, probe: post(() => `/api/v1/incidents/${fx.caseIn}/actions`, {}),
    inside: post(() => `/api/v1/incidents/${fx.caseIn}/actions`, { action: 'urge', expectedVersion: 1_000_000 }),
    outside: post(() => `/api/v1/incidents/${fx.caseOut}/actions`, { action: 'urge', expectedVersion: 1_000_000 }),
  },
  'GET /api/v1/incidents/:id/duplicates': {
    allowed: READERS, probe: get(() => `/api/v1/incidents/${fx.caseIn}/duplicates`),
    inside: get(() => `/api/v1/incidents/${fx.caseIn}/duplicates`), outside: get(() => `/api/v1/incidents/${fx.caseOut}/duplicates`),
  },
  'GET /api/v1/incidents/:id/photos/:photo': {
    allowed: READERS, probe: get(() => `/api/v1/incidents/${fx.caseIn}/photos/${fx.photoIn}`),
    inside: get(() => `/api/v1/incidents/${fx.caseIn}/photos/${fx.photoIn}`), outside: get(() => `/api/v1/incidents/${fx.caseOut}/photos/${fx.photoOut}`),
  },
  'GET /api/v1/incidents/:id/messages': {
    allowed: HANDLERS, probe: get(() => `/api/v1/incidents/${fx.caseIn}/messages`),
    inside: get(() => `/api/v1/incidents/${fx.caseIn}/messages`), outside: get(() => `/api/v1/incidents/${fx.caseOut}/messages`),
  },
  'POST /api/v1/incidents/:id/messages': {
    allowed: HANDLERS, probe: post(() => `/api/v1/incidents/${fx.caseIn}/messages`, {}),
    inside: post(() => `/api/v1/incidents/${fx.caseIn}/messages`, {}), outside: post(() => `/api/v1/incidents/${fx.caseOut}/messages`, {}),
  },
  'POST /api/v1/public/reports': { allowed: 'anyone', probe: post(() => '/api/v1/public/reports', {}) },
  'GET /api/v1/public/my/tickets': { allowed: ['citizen'], probe: get(() => '/api/v1/public/my/tickets') },
  'GET /api/v1/public/tickets/:ticket': { allowed: 'anyone', probe: get(() => `/api/v1/public/tickets/${fx.ticket}${access()}`) },
  'GET /api/v1/public/tickets/:ticket/photos/:photo': { allowed: 'anyone', probe: get(() => `/api/v1/public/tickets/${fx.ticket}/photos/${fx.photoIn}${access()}`) },
  'POST /api/v1/public/tickets/:ticket/rating': { allowed: 'anyone', probe: post(() => `/api/v1/public/tickets/${fx.ticket}/rating${access()}`) },
  'GET /api/v1/public/tickets/:ticket/messages': { allowed: 'anyone', probe: get(() => `/api/v1/public/tickets/${fx.ticket}/messages${access()}`) },
  'POST /api/v1/public/tickets/:ticket/messages': { allowed: 'anyone', probe: post(() => `/api/v1/public/tickets/${fx.ticket}/messages${access()}`) },
  'GET /api/v1/public/news': { allowed: 'anyone', probe: get(() => '/api/v1/public/news') },
  'GET /api/v1/public/categories': { allowed: 'anyone', probe: get(() => '/api/v1/public/categories') },
  'GET /api/v1/public/duplicates': { allowed: 'anyone', probe: get(() => '/api/v1/public/duplicates?category=06010&lon=118.6&lat=32.1') },
  'GET /*': { allowed: 'anyone', probe: get(() => '/desk.html') },
};
// Vector tiles: the network as public as /grids, components as records, cases within the jurisdiction.
const tileOf = ([lon, lat]: [number, number], z = 14) => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return `${z}/${Math.floor(((lon + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)}`;
};
for (const [layer, allowed, inside] of [
  ['streets', 'anyone', false], ['communities', 'anyone', false], ['grids', 'anyone', false],
  ['city_components', RECORDS, true], ['incidents', READERS, true], ['incidents_h3', STAFF, true],
] as const) {
  MATRIX[`GET /tiles/${layer}.json`] = { allowed, probe: get(() => `/tiles/${layer}.json`) };
  MATRIX[`GET /tiles/${layer}/:z/:x/:y`] = {
    allowed, probe: get(() => `/tiles/${layer}/${tileOf(fx.pointIn)}.mvt`),
    // Outside its street, a street dispatcher's tile is empty (204).
    ...(inside ? { inside: get(() => `/tiles/${layer}/${tileOf(fx.pointIn)}.mvt`), outside: get(() => `/tiles/${layer}/${tileOf(fx.pointOut, 16)}.mvt`) } : {}),
  };
}
for (const format of ['json', 'xml']) {
  MATRIX[`GET /open311/v2/discovery.${format}`] = { allowed: 'anyone', probe: get(() => `/open311/v2/discovery.${format}`) };
  MATRIX[`GET /open311/v2/services.${format}`] = { allowed: 'anyone', probe: get(() => `/open311/v2/services.${format}`) };
  MATRIX[`GET /open311/v2/requests.${format}`] = { allowed: 'anyone', probe: get(() => `/open311/v2/requests.${format}`) };
  // The api_key is checked by the route: without one, 403 in the spec's format, for everyone alike.
  MATRIX[`POST /open311/v2/requests.${format}`] = { allowed: 'anyone', probe: post(() => `/open311/v2/requests.${format}`) };
}
MATRIX['GET /open311/v2/services/:file'] = { allowed: 'anyone', probe: get(() => '/open311/v2/services/06010.json') };
MATRIX['GET /open311/v2/requests/:file'] = { allowed: 'anyone', probe: get(() => `/open311/v2/requests/${fx.ticket}.json`) };
MATRIX['GET /open311/v2'] = { allowed: 'anyone', probe: get(() => '/open311/v2') };

async function send(probe: Probe, as?: string): Promise<Response> {
  const app = as ? t.as(as) : t.app;
  const given = typeof probe.body === 'function' ? probe.body() : probe.body;
  const body = given === undefined ? undefined : typeof given === 'string' ? given : JSON.stringify(given);
  return app.request(probe.path(), { method: probe.method ?? 'GET', body, headers: body ? { 'content-type': 'application/json' } : {} },
    { incoming: { socket: { remoteAddress: '10.99.0.1' } } });
}

const expectedRule = (allowed: Entry['allowed']) => (typeof allowed === 'string' ? allowed : allowed.join('|'));
const permits = (allowed: Entry['allowed'], role: Role) => allowed === 'anyone' || allowed === 'signed-in' || allowed.includes(role);

describe('the access matrix', () => {
  it('has an entry for every route, with the rule the route declares', () => {
    const routes = routeRules(t.app);
    const declared = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, describeRule(r.rule!)]));
    expect(Object.keys(declared).sort()).toEqual(Object.keys(MATRIX).sort());
    for (const [route, entry] of Object.entries(MATRIX)) expect(`${route}: ${declared[route]}`).toBe(`${route}: ${expectedRule(entry.allowed)}`);
  });

  it('refuses nobody-signed-in with 401 on every route that needs an account', async () => {
    for (const [route, entry] of Object.entries(MATRIX)) {
      const status = (await send(entry.probe)).status;
      if (entry.allowed === 'anyone') expect(`${route}: ${status}`).not.toMatch(/: 40[13]$/);
      else expect(`${route}: ${status}`).toBe(`${route}: 401`);
    }
  });

  for (const role of ROLES) {
    it(`lets a ${role} call exactly the routes of its role (403 on the others)`, async () => {
      for (const [route, entry] of Object.entries(MATRIX)) {
        if (entry.once) continue;
        const status = (await send(entry.probe, accounts[role])).status;
        if (permits(entry.allowed, role)) expect(`${route}: ${status}`).not.toMatch(/: 40[13]$/);
        else expect(`${route}: ${status}`).toBe(`${route}: 403`);
      }
    });
  }

  it('keeps a street dispatcher inside its street on every scoped route', async () => {
    const dispatcher = accounts.street_dispatcher;
    for (const [route, entry] of Object.entries(MATRIX)) {
      if (!entry.inside || !entry.outside) continue;
      const inside = await send(entry.inside, dispatcher);
      expect(`${route} inside: ${inside.status}`).not.toMatch(/: 40[134]$/);
      const outside = await send(entry.outside, dispatcher);
      if (outside.status === 204) {
        // An empty vector tile: nothing of the other street.
      } else if (outside.status === 200) {
        // A listing answers, with nothing of the other street in it.
        const body = (await outside.json()) as { items: unknown[] };
        expect(`${route} outside: ${body.items.length} items`).toBe(`${route} outside: 0 items`);
      } else {
        expect(`${route} outside: ${outside.status}`).toMatch(/: 40[34]$/);
      }
    }
  });

  it('answers every refusal as problem+json whose status is the HTTP status (RFC 9457)', async () => {
    // Open311 answers errors in its own format (open311/routes.ts); the web UI is not an API.
    const api = Object.entries(MATRIX).filter(([route]) => route.includes(' /api/'));
    const garbled = (probe: Probe): Probe => ({
      method: probe.method,
      // Every parameter unreadable: a path segment, a query value and a body of the wrong kind.
      path: () => probe.path().replace(/\/\d+(?=\/|\?|$)/, '/x').replace(/=[^&]*/g, '=%20%01'),
      body: probe.method ? '{"x":' : undefined,
    });
    const checked: string[] = [];
    for (const [route, entry] of api) {
      if (entry.once) continue;
      for (const probe of [entry.probe, garbled(entry.probe), entry.outside].filter((p): p is Probe => !!p)) {
        for (const as of [undefined, accounts.citizen, accounts.street_dispatcher]) {
          const answer = await send(probe, as);
          if (answer.status < 400) continue;
          const body = (await answer.json()) as { status?: unknown };
          expect(`${route} → ${answer.headers.get('content-type')}`).toBe(`${route} → application/problem+json`);
          expect(`${route} → ${body.status}`).toBe(`${route} → ${answer.status}`);
          checked.push(`${answer.status}`);
        }
      }
    }
    // The walk met refusals of every kind the routes give here.
    expect([...new Set(checked)].sort()).toEqual(expect.arrayContaining(['400', '401', '403', '404']));
  });

  it('signs out: the session no longer opens anything', async () => {
    const token = (await (await t.app.request('/api/v1/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'analyst', password: 'lianqin-demo' }),
    })).json()).token as string;
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.app.request('/api/v1/auth/me', { headers: auth })).status).toBe(200);
    expect((await t.app.request('/api/v1/auth/logout', { method: 'POST', headers: auth })).status).toBe(204);
    // The revoked token is refused outright, not taken for nobody.
    expect((await t.app.request('/api/v1/auth/me', { headers: auth })).status).toBe(401);
    expect(await (await t.app.request('/api/v1/auth/me')).json()).toEqual({ user: null });
  });
});
