/** GET requests (filters, window, limits) and GET a request: status, notes, times, media. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { readConfig } from '../config.ts';
import { OPEN311_DEMO_API_KEY } from '../../seeds/pukou/accounts.ts';
import { actOnIncident } from '../incidents/act.ts';
import { createIncident, incidentDeps } from '../incidents/create.ts';
import type { Actor } from '../incidents/model.ts';
import { actors, calendar, gridPoint, limits, PNG_1x1, send } from '../incidents/test-support.ts';
import { startClock } from '../incidents/time-limit.ts';
import { testApp } from '../testing/app.ts';
import { open311Routes } from './routes.ts';
import { w3c } from './spec.ts';
import { asXmlText } from './xml-read.ts';
import { get, postForm } from './test-support.ts';
import { shanghaiDate } from '../calendar/working-calendar.ts';
import { demoClock } from '../../seeds/pukou/incidents/demo-clock.ts';

const DAY = 86_400_000;

const t = testApp();
const deps = incidentDeps(t.db.pool, t.gridIndex);
afterAll(() => t.db.close());

let here: Awaited<ReturnType<typeof gridPoint>>;
beforeAll(async () => {
  here = await gridPoint(t.db.pool, 321);
});

async function submit(extra: Record<string, string> = {}) {
  const { status, body } = await postForm(t.app, '/open311/v2/requests.json', {
    api_key: OPEN311_DEMO_API_KEY, service_code: '06010', lat: String(here.lat), long: String(here.lon), description: '暴露垃圾', ...extra,
  });
  expect(status).toBe(200);
  const ticket: string = body[0].service_request_id;
  const { rows } = await t.db.pool.query('SELECT id, created_at, due_at FROM incident WHERE ticket = $1', [ticket]);
  return { ticket, id: Number(rows[0].id) };
}

const one = async (ticket: string) => {
  const { status, body } = await get(t.app, `/open311/v2/requests/${ticket}.json`);
  expect(status).toBe(200);
  expect(body).toHaveLength(1);
  return body[0];
};
const dueAt = async (id: number) => (await t.db.pool.query('SELECT due_at FROM incident WHERE id = $1', [id])).rows[0].due_at as Date;
const act = (id: number, action: string, actor: Actor, note?: string) =>
  actOnIncident(deps, id, { action: action as never, actor, note });

describe('GET a request', () => {
  it('follows a case from report to closure and reopening: status, notes and times', async () => {
    const { ticket, id } = await submit({ media_url: 'https://img.example.cn/b.jpg' });
    const reported = await one(ticket);
    const projected = startClock({ categoryCode: '06010', priority: 'normal' }, 'grid', new Date(reported.requested_datetime), limits, calendar).dueAt;
    expect(reported).toMatchObject({
      service_request_id: ticket, status: 'open', status_notes: '已受理，待网格员核实', service_code: '06010', service_name: '暴露垃圾',
      expected_datetime: w3c(projected), lat: here.lat, long: here.lon, media_url: 'https://img.example.cn/b.jpg',
    });
    expect(reported.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);

    await act(id, 'verify', actors.worker);
    await act(id, 'register', actors.street);
    expect(await one(ticket)).toMatchObject({ status: 'open', status_notes: '已立案，待派遣', expected_datetime: w3c(await dueAt(id)) });
    await act(id, 'dispatch', actors.street);
    await act(id, 'feedback', actors.worker, '垃圾已清运');
    expect((await one(ticket)).status_notes).toBe('垃圾已清运');
    await act(id, 'check_pass', actors.worker);
    await act(id, 'close', actors.street);
    const closed = await one(ticket);
    const { rows } = await t.db.pool.query('SELECT closed_at FROM incident WHERE id = $1', [id]);
    expect(closed).toMatchObject({ status: 'closed', status_notes: '垃圾已清运', updated_datetime: w3c(rows[0].closed_at) });

    await act(id, 'reopen', actors.street, '市民反映仍有垃圾');
    expect(await one(ticket)).toMatchObject({ status: 'open', status_notes: '已立案，待派遣', expected_datetime: w3c(await dueAt(id)) });
  });

  it('names the street sub-centre or the departments in charge as agency_responsible', async () => {
    const { ticket, id } = await submit();
    expect((await one(ticket)).agency_responsible).toMatch(/第\d+网格$/);
    await act(id, 'verify', actors.worker);
    await act(id, 'register', actors.street);
    await act(id, 'escalate', actors.street, '需街道协调');
    const street = (await t.db.pool.query('SELECT name FROM division WHERE code = $1', [here.streetCode])).rows[0].name;
    expect((await one(ticket)).agency_responsible).toBe(`${street}联勤指挥分中心`);
    await act(id, 'escalate', actors.street, '需区级部门');
    expect((await one(ticket)).agency_responsible).toBe('浦口区联勤指挥中心');
    await actOnIncident(deps, id, { action: 'dispatch', actor: actors.district, departments: ['urban_management'] });
    const { rows } = await t.db.pool.query(`SELECT name_zh FROM department WHERE code = 'urban_management'`);
    expect((await one(ticket)).agency_responsible).toBe(rows[0].name_zh);
  });

  it('publishes no citizen photo: it opens only with the ticket’s access token', async () => {
    const report = await send(t.app, 'POST', '/api/v1/public/reports', {
      category: '06010', lon: here.lon, lat: here.lat, description: '有照片', photos: [{ data: PNG_1x1.toString('base64') }],
    }, {}, '10.31.250.1');
    expect(report.status).toBe(201);
    const { body } = await get(t.app, `http://lianqin.test/open311/v2/requests/${report.body.ticket}.json`);
    expect(body[0].media_url).toBeNull();
    expect(JSON.stringify(body)).not.toContain(report.body.access);
    const photo = await t.app.request(`/api/v1/public/tickets/${report.body.ticket}/photos/${report.body.photos[0].id}`, {}, { incoming: { socket: { remoteAddress: '10.31.250.2' } } });
    expect(photo.status).toBe(404);
  });

  it('keeps petition cases (信访, confidential) out of Open311', async () => {
    const petition = await createIncident(deps, {
      source: 'petition', categoryCode: '06010', priority: 'normal', level: 'grid', lon: here.lon, lat: here.lat, description: '信访件', actor: actors.district,
    });
    expect((await get(t.app, `/open311/v2/requests/${petition.state.ticket}.json`)).status).toBe(404);
    expect((await get(t.app, `/open311/v2/requests.json?service_request_id=${petition.state.ticket}`)).body).toEqual([]);
  });

  it('masks ID and mobile numbers in the description, address and status notes, in JSON and XML', async () => {
    const description = '垃圾堆放，联系人张三 13812345678，身份证320111199001011234';
    const { ticket, id } = await submit({ description, address_string: '某某花园3栋 电话+86 139 1234 5678' });
    for (const [action, actor] of [['verify', actors.worker], ['register', actors.street], ['dispatch', actors.street]] as const) await act(id, action, actor);
    await act(id, 'feedback', actors.worker, '已清运，已电话联系13612345678');
    const request = await one(ticket);
    expect(request).toMatchObject({
      description: '垃圾堆放，联系人张* 138****5678，身份证320111********1234',
      address: '某某花园3栋 电话+86 139 **** 5678',
      status_notes: '已清运，已电话联系136****5678',
    });
    const xml = await get(t.app, `/open311/v2/requests/${ticket}.xml`);
    expect(xml.text).toContain('320111********1234');
    expect(xml.text).not.toMatch(/19900101|13812345678|12345678|1361234/);
    const listed = await get(t.app, `/open311/v2/requests.json?service_request_id=${ticket}`);
    expect(listed.body[0].description).toBe(request.description);
    const { rows } = await t.db.pool.query('SELECT description FROM incident WHERE id = $1', [id]);
    expect(rows[0].description).toBe(description);
  });

  it.each(['json', 'xml'])('answers 404 with the error list for an unknown id (%s)', async (format) => {
    const { status, body } = await get(t.app, `/open311/v2/requests/PK0000000000000.${format}`);
    expect(status).toBe(404);
    expect(asXmlText(body)).toEqual([{ code: '404', description: 'service_request_id PK0000000000000 was not found' }]);
  });
});

describe('GET requests', () => {
  const list = async (query: string) => {
    const answer = await get(t.app, `/open311/v2/requests.json${query}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as any[];
  };

  it('defaults to the most recent 90 days, newest first, at most 1,000', async () => {
    const items = await list('');
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(1000);
    const times = items.map((r) => Date.parse(r.requested_datetime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(Math.min(...times)).toBeGreaterThan(Date.now() - 90 * 86_400_000);
    for (const r of items) {
      expect(['open', 'closed']).toContain(r.status);
      for (const field of ['requested_datetime', 'updated_datetime']) expect(r[field]).toMatch(/\+08:00$/);
    }
  });

  it('filters by status and service_code, given comma-separated or repeated', async () => {
    const closed = await list('?status=closed');
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    expect((await list('?status=open')).every((r) => r.status === 'open')).toBe(true);
    expect((await list('?status=open&status=closed')).length).toBe((await list('?status=open,closed')).length);
    const codes = await list('?service_code=06010,09009&status=');
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes.map((r) => r.service_code))).toEqual(new Set(['06010', '09009']));
    expect(await list('?service_code=99999')).toEqual([]);
  });

  it('takes the window from start_date and end_date, both inclusive, an unencoded + forgiven', async () => {
    // A whole day a month before the demo's end, and a window from four months before it.
    const { end: demoEnd } = (await demoClock(t.db.pool))!;
    const day = shanghaiDate(new Date(demoEnd.getTime() - 30 * DAY));
    const start = `${day}T00:00:00+08:00`;
    const end = `${day}T23:59:59+08:00`;
    const items = await list(`?start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(end)}`);
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS n FROM incident WHERE created_at BETWEEN $1 AND $2 AND source <> 'petition'`, [start, end]);
    expect(items.length).toBe(Math.min(rows[0].n, 1000));
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((r) => r.requested_datetime >= start && r.requested_datetime <= end)).toBe(true);
    expect((await list(`?start_date=${start}&end_date=${end}`)).length).toBe(items.length); // '+' sent as is
    const from = new Date(demoEnd.getTime() - 120 * DAY);
    const after = await list(`?start_date=${encodeURIComponent(from.toISOString())}`);
    const times = after.map((r) => Date.parse(r.requested_datetime));
    expect(Math.max(...times)).toBeLessThanOrEqual(from.getTime() + 90 * DAY); // start_date + 90 days
    expect(Math.min(...times)).toBeGreaterThanOrEqual(from.getTime());
  });

  it('publishes times to the second, and an end_date equal to a published time includes that request', async () => {
    const { ticket, id } = await submit();
    await act(id, 'verify', actors.worker);
    const request = await one(ticket);
    const { rows: [row] } = await t.db.pool.query('SELECT created_at, updated_at FROM incident WHERE id = $1', [id]);
    const second = (at: Date) => Math.floor(at.getTime() / 1000) * 1000;
    for (const [field, at] of [['requested_datetime', row.created_at], ['updated_datetime', row.updated_at]] as const) {
      expect(request[field]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(Date.parse(request[field]), field).toBe(second(at));
    }
    const published = request.requested_datetime as string;
    const tickets = async (query: string) => (await list(query)).map((r) => r.service_request_id);
    expect(await tickets(`?end_date=${encodeURIComponent(published)}`)).toContain(ticket);
    expect(await tickets(`?start_date=${encodeURIComponent(published)}&end_date=${encodeURIComponent(published)}`)).toContain(ticket);
    const before = w3c(new Date(Date.parse(published) - 1000))!;
    expect(await tickets(`?end_date=${encodeURIComponent(before)}`)).not.toContain(ticket);
    const after = w3c(new Date(Date.parse(published) + 1000))!;
    expect(await tickets(`?start_date=${encodeURIComponent(after)}`)).not.toContain(ticket);
  });

  it('answers service_request_id values in the order asked, overriding every other argument', async () => {
    const a = await submit();
    const b = await submit();
    const items = await list(`?service_request_id=${b.ticket},PK0000000000000,${a.ticket}&status=closed&service_code=09009`);
    expect(items.map((r) => r.service_request_id)).toEqual([b.ticket, a.ticket]);
    const xml = await get(t.app, `/open311/v2/requests.xml?service_request_id=${b.ticket},${a.ticket}`);
    expect(xml.root).toBe('service_requests');
    expect(xml.body).toEqual(asXmlText(items));
  });

  it.each([
    ['?status=pending', 'unknown status pending'],
    ['?service_code=6010', 'service_code: 5-digit codes'],
    ['?start_date=yesterday', 'start_date: must be an ISO 8601 date'],
    ['?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z', 'may not span more than 90 days'],
    ['?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z', 'start_date is after end_date'],
  ])('answers %s with 400 and the error list', async (query, message) => {
    for (const format of ['json', 'xml']) {
      const { status, body } = await get(t.app, `/open311/v2/requests.${format}${query}`);
      expect(status).toBe(400);
      expect(asXmlText(body)).toEqual([{ code: '400', description: expect.stringContaining(message) }]);
    }
  });

  it('serves its jurisdiction_id (or none) and answers 404 for another', async () => {
    expect((await get(t.app, '/open311/v2/requests.json?jurisdiction_id=pukou.nanjing.gov.cn&status=open')).status).toBe(200);
    expect((await get(t.app, '/open311/v2/services.json?jurisdiction_id=')).status).toBe(200);
    for (const format of ['json', 'xml']) {
      const { status, body } = await get(t.app, `/open311/v2/requests.${format}?jurisdiction_id=sfgov.org`);
      expect(status).toBe(404);
      expect(asXmlText(body)).toEqual([{ code: '404', description: 'jurisdiction_id sfgov.org was not found; this endpoint serves pukou.nanjing.gov.cn' }]);
    }
  });
});

describe('rate limits', () => {
  it('answers 429 in the error format, with Retry-After', async () => {
    const app = new Hono().route('/open311/v2', open311Routes(deps, {
      limits: { buckets: { read: { capacity: 1, perSecond: 0.01 } } },
    }));
    expect((await get(app, '/open311/v2/services.xml', '10.31.251.1')).status).toBe(200);
    const limited = await get(app, '/open311/v2/services.xml', '10.31.251.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toEqual([{ code: '429', description: expect.stringContaining('too many read requests') }]);
  });
});
