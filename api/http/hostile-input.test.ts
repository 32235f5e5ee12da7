/**
 * What an outside tester sent with curl, route by route: NUL, bytes that are not UTF-8 and deep
 * nesting are answered 400 naming the field, never 500, and nothing is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN311_DEMO_API_KEY } from '../../seeds/pukou/accounts.ts';
import { gridPoint, send } from '../incidents/test-support.ts';
import { testApp } from '../testing/app.ts';

const t = testApp();
afterAll(() => t.db.close());

let clients = 0;
const client = () => `10.77.${Math.floor(++clients / 250)}.${clients % 250}`;
const NUL = '\u0000';

let here: Awaited<ReturnType<typeof gridPoint>>;
let caseId: number;
let ticket: string;
/** The ticket's access token, which the citizen routes need to open it. */
let access: string;
/** The worker of the case's grid: a handler whose jurisdiction the case is in. */
let worker: string;
beforeAll(async () => {
  here = await gridPoint(t.db.pool, 51);
  worker = `worker-${here.gridCode}`;
  const created = await send(t.app, 'POST', '/api/v1/public/reports', { category: '07001', lon: here.lon, lat: here.lat, description: '小广告' }, {}, client());
  expect(created.status).toBe(201);
  ticket = created.body.ticket;
  access = created.body.access;
  expect(access).toBeTruthy();
  caseId = Number((await t.db.pool.query('SELECT id FROM incident WHERE ticket = $1', [ticket])).rows[0].id);
});

const incidentCount = async () => (await t.db.pool.query('SELECT count(*)::int AS n FROM incident')).rows[0].n as number;

describe('NUL in a JSON body', () => {
  // [route, path, body, field, who sends it: a demo account, or nobody signed in (the citizen routes)]
  const cases: [string, () => string, () => unknown, string, () => string | null][] = [
    ['POST /incidents', () => '/api/v1/incidents', () => ({ source: 'video', category: '09010', lon: here.lon, lat: here.lat, description: `a${NUL}b` }), 'description', () => 'commander'],
    ['POST /incidents/{id}/actions', () => `/api/v1/incidents/${caseId}/actions`, () => ({ action: 'verify', note: `x${NUL}` }), 'note', () => worker],
    // The author of a message is the signed-in user now (a body's `author` is dropped unread): its one field is the body.
    ['POST /incidents/{id}/messages', () => `/api/v1/incidents/${caseId}/messages`, () => ({ body: `您好${NUL}` }), 'body', () => worker],
    ['POST /public/reports', () => '/api/v1/public/reports', () => ({ category: '07001', lon: here.lon, lat: here.lat, description: '小广告', name: `张${NUL}` }), 'name', () => null],
    ['POST /public/tickets/{ticket}/messages', () => `/api/v1/public/tickets/${ticket}/messages?access=${access}`, () => ({ body: `请问${NUL}` }), 'body', () => null],
    ['POST /public/tickets/{ticket}/rating', () => `/api/v1/public/tickets/${ticket}/rating?access=${access}`, () => ({ rating: 5, comment: `好${NUL}` }), 'comment', () => null],
  ];
  it.each(cases)('%s answers 400 naming the field', async (_, path, body, field, who) => {
    const before = await incidentCount();
    const sender = who();
    const answer = await send(sender ? t.as(sender) : t.app, 'POST', path(), body(), {}, client());
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.errors).toEqual([{ field, message: 'contains a NUL character (U+0000)' }]);
    expect(await incidentCount()).toBe(before);
  });

  it('refuses a lone surrogate escaped in JSON, which would be stored as U+FFFD', async () => {
    const answer = await send(t.as(worker), 'POST', `/api/v1/incidents/${caseId}/messages`, '{"body":"\\ud800"}');
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'body', message: 'contains a lone surrogate (not valid Unicode)' }]);
  });
});

describe('NUL in a query parameter', () => {
  // The case routes are read by staff: asked as an analyst; search is open to anyone.
  it.each([
    ['/api/v1/incidents?ticket=%00', 'ticket', 'analyst'],
    ['/api/v1/incidents?department=a%00', 'department', 'analyst'],
    // The case detail reads no query since identity (its role and department are the account's; see below):
    // the admin's users list stands in as a signed-in route with a free-text query.
    ['/api/v1/admin/users?q=%E5%BC%A0%00', 'q', 'admin'],
    ['/api/v1/search?q=%E6%B5%A6%00', 'q', null],
  ])('%s answers 400 naming %s', async (path, field, who) => {
    const answer = await send(who ? t.as(who) : t.app, 'GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field, message: 'contains a NUL character (U+0000)' }]);
  });

  it('is not read where the route takes no such parameter: the case detail takes its role and department from the account', async () => {
    const answer = await send(t.as('analyst'), 'GET', '/api/v1/incidents/1?department=%00');
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBe(1);
  });

  it('refuses escapes that are not UTF-8 instead of keeping them as text', async () => {
    const answer = await send(t.app, 'GET', '/api/v1/search?q=%FF%FE');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ detail: 'invalid query: q: not valid UTF-8', errors: [{ field: 'q', message: 'not valid UTF-8' }] });
    expect((await send(t.app, 'GET', '/api/v1/search?q=100%')).status).toBe(200);
  });
});

describe('bytes that are not UTF-8', () => {
  const bad = (before: string, after: string) => Buffer.concat([Buffer.from(before), Buffer.from([0xe6, 0xb5]), Buffer.from(after)]);

  it('are refused in a JSON body', async () => {
    const response = await t.as(worker).request(`/api/v1/incidents/${caseId}/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: bad('{"body":"', '"}') as BodyInit,
    });
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toBe('the request body is not valid UTF-8');
  });

  it('are refused in a multipart field, naming it; a real U+FFFD passes', async () => {
    const boundary = 'lianqin-test';
    const multipart = (description: Buffer) => Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\n07001\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="lon"\r\n\r\n${here.lon}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="lat"\r\n\r\n${here.lat}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\n`), description,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const post = (description: Buffer) => t.app.request('/api/v1/public/reports', {
      method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart(description) as BodyInit,
    }, { incoming: { socket: { remoteAddress: client() } } });
    const refused = await post(bad('小', '广告'));
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors).toEqual([{ field: 'description', message: 'not valid UTF-8' }]);
    expect((await post(Buffer.from('小\ufffd广告'))).status).toBe(201);
  });

  it('are refused in an Open311 form, escaped or raw', async () => {
    const form = `api_key=${OPEN311_DEMO_API_KEY}&service_code=06010&lat=${here.lat}&long=${here.lon}&description=`;
    const post = (body: Buffer) => t.app.request('/open311/v2/requests.json', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body as BodyInit,
    }, { incoming: { socket: { remoteAddress: client() } } });
    const escaped = await post(Buffer.from(`${form}%E6%B5`));
    expect(escaped.status).toBe(400);
    expect(await escaped.json()).toEqual([{ code: 400, description: 'invalid body: description: not valid UTF-8' }]);
    const raw = await post(bad(form, ''));
    expect(raw.status).toBe(400);
    const nul = await post(Buffer.from(`${form}%00`));
    expect(await nul.json()).toEqual([{ code: 400, description: 'invalid body: description: contains a NUL character (U+0000)' }]);
  });
});

describe('deep nesting', () => {
  it('is refused before it is parsed', async () => {
    const deep = `{"body":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const answer = await send(t.as(worker), 'POST', `/api/v1/incidents/${caseId}/messages`, deep);
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe('the request body nests arrays and objects deeper than 32 levels');
  });
});
