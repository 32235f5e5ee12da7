/** Security headers on every answer: the API, its errors, photos and the pages. */
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridPoint, PNG_1x1, send } from '../incidents/test-support.ts';
import { testApp } from '../testing/app.ts';
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
