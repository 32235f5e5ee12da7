/** Security headers on every answer: the API, its errors, photos and the pages. */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridPoint, PNG_1x1, send } from '../incidents/test-support.ts';
import { testApp } from '../testing/app.ts';
import { readConfig } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';
import { NOTHING_POLICY, pagePolicy, securityHeaders } from './security-headers.ts';

const t = testApp();
afterAll(() => t.db.close());

function expectBaseHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('strict-transport-security')).toBeNull();
}

describe('API answers', () => {
  // [what, path, init, status, who asks: a demo account (staff routes), or nobody signed in]
  it.each([
    ['an answer', '/api/v1/health', {}, 200, null],
    ['a problem', '/api/v1/incidents?limit=nope', {}, 400, 'analyst'],
    ['a refusal to nobody signed in', '/api/v1/incidents', {}, 401, null],
    ['an unknown route', '/api/v1/nothing', {}, 404, null],
    ['a body too large', '/api/v1/incidents/1/messages', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) }, 413, 'commander'],
    ['Open311', '/open311/v2/services.json', {}, 200, null],
  ])('carry them on %s', async (_, path, init, status, who) => {
    const response = await (who ? t.as(who) : t.app).request(path, init);
    expect(response.status).toBe(status);
    expectBaseHeaders(response.headers);
    expect(response.headers.get('content-security-policy')).toBe(NOTHING_POLICY);
  });
});

describe('photos', () => {
  /** Each photo path and who may fetch it: a staff reader of the case, or the ticket's link (its access token). */
  let paths: [string, string | null][];
  beforeAll(async () => {
    const here = await gridPoint(t.db.pool, 52);
    const report = { category: '07001', lon: here.lon, lat: here.lat, description: '小广告', photos: [{ data: PNG_1x1.toString('base64') }] };
    const created = await send(t.app, 'POST', '/api/v1/public/reports', report, {}, '10.79.0.1');
    expect(created.status).toBe(201);
    const { rows } = await t.db.pool.query('SELECT i.id, p.id AS photo FROM incident i JOIN incident_photo p ON p.incident_id = i.id WHERE i.ticket = $1', [created.body.ticket]);
    const { id, photo } = rows[0];
    paths = [
      [`/api/v1/incidents/${id}/photos/${photo}`, 'commander'],
      [`/api/v1/public/tickets/${created.body.ticket}/photos/${photo}?access=${created.body.access}`, null],
    ];
  });

  it('are sandboxed, inline, with a file name of our own', async () => {
    for (const [path, who] of paths) {
      const response = await (who ? t.as(who) : t.app).request(path);
      expect(response.status, path).toBe(200);
      expectBaseHeaders(response.headers);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
      expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="photo-\d+\.png"$/);
    }
  });
});

describe('pages', () => {
  const app = new Hono()
    .use('*', securityHeaders('https://tiles.example.cn/styles/basic/style.json'))
    .get('/', (c) => c.html('<!doctype html><title>联勤</title>'))
    .get('/assets/worker.js', (c) => c.body('1', 200, { 'content-type': 'text/javascript' }))
    .get('/api/v1/thing', (c) => c.json({}));

  it('get the pages policy, scripts too (a worker takes its own), with the basemap origin; the API the empty one', async () => {
    const page = await app.request('/');
    expectBaseHeaders(page.headers);
    expect(page.headers.get('content-security-policy')).toBe(pagePolicy('https://tiles.example.cn/styles/basic/style.json'));
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self' https://tiles.example.cn;");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await app.request('/assets/worker.js')).headers.get('content-security-policy')).toBe(page.headers.get('content-security-policy'));
    expect((await app.request('/api/v1/thing')).headers.get('content-security-policy')).toBe(NOTHING_POLICY);
  });

  it('keep to this server when there is no basemap', () => {
    expect(pagePolicy(undefined)).toContain("connect-src 'self';");
    expect(pagePolicy(undefined)).not.toMatch(/https?:/);
  });
});

describe('over HTTP (the Node server sets them on its answer before the route runs)', () => {
  let server: RunningServer;
  let base = '';
  beforeAll(async () => {
    server = await startServer({ db: t.db, config: readConfig({}) });
    base = server.url;
  });
  afterAll(() => server.close());

  it('carry the same headers as in process, on answers, problems, refusals of a bad token and pages', async () => {
    const token = await t.token('analyst');
    const inProcess = await t.app.request('/api/v1/health');
    const expected = [...inProcess.headers].filter(([name]) => name !== 'content-type' && name !== 'content-length');
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const answers: [string, RequestInit, number, string][] = [
      ['/api/v1/health', {}, 200, NOTHING_POLICY],
      ['/api/v1/lookup?lon=0&lat=0', { headers: { authorization: `Bearer ${token}` } }, 404, NOTHING_POLICY],
      ['/api/v1/incidents', {}, 401, NOTHING_POLICY],
      ['/api/v1/incidents', { headers: { authorization: 'Bearer lqs_not-a-session' } }, 401, NOTHING_POLICY],
      ['/open311/v2/services.json', {}, 200, NOTHING_POLICY],
      ['/desk', {}, -1, pagePolicy(undefined)],
    ];
    for (const [path, init, status, policy] of answers) {
      const response = await fetch(base + path, init);
      await response.arrayBuffer();
      if (status > 0) expect(response.status, path).toBe(status);
      expectBaseHeaders(response.headers);
      for (const [name, value] of expected) {
        expect(response.headers.get(name), `${path} ${name}`).toBe(name === 'content-security-policy' ? policy : value);
      }
    }
  });

  it('leave a route its own stricter policy (photos)', async () => {
    const here = await gridPoint(t.db.pool, 53);
    const report = { category: '07001', lon: here.lon, lat: here.lat, description: '小广告', photos: [{ data: PNG_1x1.toString('base64') }] };
    const created = await send(t.app, 'POST', '/api/v1/public/reports', report, {}, '10.79.0.2');
    expect(created.status).toBe(201);
    const { rows } = await t.db.pool.query('SELECT p.id FROM incident i JOIN incident_photo p ON p.incident_id = i.id WHERE i.ticket = $1', [created.body.ticket]);
    const response = await fetch(`${base}/api/v1/public/tickets/${created.body.ticket}/photos/${rows[0].id}?access=${created.body.access}`);
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    expectBaseHeaders(response.headers);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  });
});
