/** POST requests: what a form-encoded request creates, the api_key, and every error as the spec says. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN311_DEMO_API_KEY } from '../../seeds/pukou/accounts.ts';
import { gridPoint } from '../incidents/test-support.ts';
import { testApp } from '../testing/app.ts';
import { asXmlText } from './xml-read.ts';
import { get, postForm } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let here: Awaited<ReturnType<typeof gridPoint>>;
beforeAll(async () => {
  here = await gridPoint(t.db.pool, 123);
});

const form = (extra: Record<string, string> = {}) => ({
  api_key: OPEN311_DEMO_API_KEY,
  jurisdiction_id: 'pukou.nanjing.gov.cn',
  service_code: '06010',
  lat: String(here.lat),
  long: String(here.lon),
  address_string: '浦口大道1号',
  email: 'zhangsan@example.cn',
  device_id: 'device-42',
  account_id: 'acct-7',
  first_name: '三',
  last_name: '张',
  phone: '+86 139-1234 5678',
  description: '路边有暴露垃圾\n已经两天了',
  media_url: 'https://img.example.cn/a.jpg',
  'attribute[unknown]': 'ignored',
  ...extra,
});

const caseOf = async (ticket: string) =>
  (await t.db.pool.query('SELECT * FROM incident WHERE ticket = $1', [ticket])).rows[0];

describe('POST requests', () => {
  it('creates a case from the form and answers its id, notice and account_id', async () => {
    const { status, body, headers } = await postForm(t.app, '/open311/v2/requests.json', form());
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        service_request_id: expect.stringMatching(/^PK\d{13}$/),
        service_notice: '网格员到场核实后就地处置，立案后 4 个工作小时内办结（工作日 8:00–12:00、14:00–18:00 计时）。',
        account_id: 'acct-7',
      },
    ]);
    const ticket = body[0].service_request_id;
    expect(headers.get('location')).toBe(`/open311/v2/requests/${ticket}.json`);
    expect(await caseOf(ticket)).toMatchObject({
      source: 'citizen_app', category_code: '06010', status: 'reported', level: 'grid', priority: 'normal',
      grid_code: here.gridCode, address: '浦口大道1号', description: '路边有暴露垃圾\n已经两天了',
      reporter_name: '张三', reporter_phone: '+8613912345678', reported_by: 'Open311 demo',
    });
    const { rows } = await t.db.pool.query('SELECT note FROM incident_event e JOIN incident i ON i.id = e.incident_id WHERE i.ticket = $1', [ticket]);
    expect(rows).toEqual([{ note: 'media_url: https://img.example.cn/a.jpg' }]);
  });

  it('answers in XML for requests.xml, with an empty account_id when none was sent', async () => {
    const { status, root, body } = await postForm(t.app, '/open311/v2/requests.xml', form({ account_id: '', first_name: 'John', last_name: 'Smith' }));
    expect(status).toBe(200);
    expect(root).toBe('service_requests');
    expect(body).toEqual([{ service_request_id: expect.stringMatching(/^PK/), service_notice: expect.any(String), account_id: '' }]);
    expect((await caseOf(body[0].service_request_id)).reporter_name).toBe('John Smith');
  });

  it('takes a request without description (optional in the spec) and names it by its service', async () => {
    const { body } = await postForm(t.app, '/open311/v2/requests.json', form({ description: '', media_url: '' }));
    expect((await caseOf(body[0].service_request_id)).description).toBe('暴露垃圾');
  });

  it('answers a retry with the same Idempotency-Key with the same request', async () => {
    const key = randomUUID();
    const description = `retry ${key}`;
    const first = await postForm(t.app, '/open311/v2/requests.json', form({ description }), { 'idempotency-key': key });
    const again = await postForm(t.app, '/open311/v2/requests.json', form({ description }), { 'idempotency-key': key });
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM incident WHERE description = $1', [description]);
    expect(rows[0].n).toBe(1);
    const other = await postForm(t.app, '/open311/v2/requests.json', form({ description: 'another' }), { 'idempotency-key': key });
    expect(other.status).toBe(400);
    expect(other.body[0].description).toContain('different request body');
  });
});

describe('a request located by its address only', () => {
  it.each([
    ['address_string', '浦口区江浦街道文德路1号', '浦口区江浦街道文德路1号'],
    ['address_id', 'PK-ADDR-42', '地址编号 PK-ADDR-42'],
  ])('is accepted by %s alone: the case waits unplaced, and GET leaves out lat and long', async (field, value, address) => {
    const posted = await postForm(t.app, '/open311/v2/requests.json', form({ lat: '', long: '', address_string: '', [field]: value }));
    expect(posted.status, JSON.stringify(posted.body)).toBe(200);
    const ticket = posted.body[0].service_request_id;
    expect(await caseOf(ticket)).toMatchObject({
      status: 'reported', geom: null, grid_code: null, community_code: null, street_code: null, address,
    });
    const { body: [request] } = await get(t.app, `/open311/v2/requests/${ticket}.json`);
    expect(request).toMatchObject({ service_request_id: ticket, status: 'open', address, agency_responsible: '浦口区联勤指挥中心' });
    expect(request).not.toHaveProperty('lat');
    expect(request).not.toHaveProperty('long');
    const xml = await get(t.app, `/open311/v2/requests/${ticket}.xml`);
    expect(xml.status).toBe(200);
    expect(xml.text).toContain(`<address>${address}</address>`);
    expect(xml.text).not.toMatch(/<lat>|<long>/);
  });

  it('belongs to the district until placed: the command centre sees it, a street does not, KPIs still answer', async () => {
    const posted = await postForm(t.app, '/open311/v2/requests.json', form({ lat: '', long: '', address_string: '浦口区桥林街道某小区门口' }));
    const { id } = await caseOf(posted.body[0].service_request_id);
    const commander = await t.getJson(`/api/v1/incidents/${id}`, 'commander');
    expect(commander.status).toBe(200);
    expect(commander.body).toMatchObject({ location: null, street: { code: null }, grid: { code: null }, address: '浦口区桥林街道某小区门口' });
    const queue = await t.getJson('/api/v1/incidents?source=citizen_app&limit=50', 'commander');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: any) => c.id)).toContain(Number(id));
    expect((await t.getJson(`/api/v1/incidents/${id}/duplicates`, 'commander')).body).toEqual({ items: [] });
    const street = `dispatcher-${here.streetCode}`;
    expect((await t.getJson(`/api/v1/incidents/${id}`, street)).status).toBe(404);
    const streetQueue = await t.getJson('/api/v1/incidents?source=citizen_app&limit=50', street);
    expect(streetQueue.body.items.map((c: any) => c.id)).not.toContain(Number(id));
    expect((await t.getJson('/api/v1/kpis?level=district&code=320111', 'commander')).status).toBe(200);
    expect((await t.getJson(`/api/v1/kpis?level=street&code=${here.streetCode}`, street)).status).toBe(200);
  });
});

describe('POST errors', () => {
  it.each(['json', 'xml'])('refuses a missing or wrong api_key with 403 (%s)', async (format) => {
    const missing = await postForm(t.app, `/open311/v2/requests.${format}`, form({ api_key: '' }));
    expect(missing.status).toBe(403);
    expect(asXmlText(missing.body)).toEqual([{ code: '403', description: expect.stringContaining('api_key is missing') }]);
    const wrong = await postForm(t.app, `/open311/v2/requests.${format}`, form({ api_key: 'not-a-key-at-all' }));
    expect(wrong.status).toBe(403);
    expect(asXmlText(wrong.body)).toEqual([{ code: '403', description: 'Invalid api_key received -- cannot create the request' }]);
    if (format === 'xml') expect(wrong.text).toContain('<errors>\n  <error>\n    <code>403</code>');
  });

  it.each([
    ['no service_code', { service_code: '' }, 400, 'service_code is required'],
    ['no location', { lat: '', long: '', address_string: '' }, 400, 'a location is required: lat and long (WGS84 degrees), or address_string or address_id'],
    ['a latitude without longitude', { long: '' }, 400, 'lat and long go together'],
    ['a latitude that is not a number', { lat: 'north' }, 400, 'lat must be a number within -90..90'],
    ['a longitude out of range', { long: '200' }, 400, 'long must be a number within -180..180'],
    ['a point outside every grid', { lat: '39.9', long: '116.4' }, 400, 'outside every grid'],
    ['a bad phone', { phone: 'call me' }, 400, 'phone must have 5–20 digits'],
    ['a media_url that is not http(s)', { media_url: 'javascript:alert(1)' }, 400, 'media_url must be an http(s) URL'],
    ['a description over 4,000 characters', { description: 'x'.repeat(4001) }, 400, 'description has more than 4,000 characters'],
    ['an unknown service_code', { service_code: '99999' }, 404, 'service_code 99999 was not found'],
    ['an unknown jurisdiction_id', { jurisdiction_id: 'sfgov.org' }, 404, 'jurisdiction_id sfgov.org was not found'],
  ])('answers %s with the error list', async (_, change, status, message) => {
    for (const format of ['json', 'xml']) {
      const answer = await postForm(t.app, `/open311/v2/requests.${format}`, form(change));
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual([{ code: format === 'json' ? status : String(status), description: expect.stringContaining(message) }]);
    }
  });

  it.each(['json', 'xml'])('answers a form over 256 kB with 400 in the error format, not 413 (%s)', async (format) => {
    const answer = await postForm(t.app, `/open311/v2/requests.${format}`, form({ description: 'x'.repeat(300 * 1024) }));
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe(format === 'json' ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8');
    expect(asXmlText(answer.body)).toEqual([{ code: '400', description: 'the request body is larger than 256 kB; media are sent as media_url' }]);
  });

  it('refuses a JSON body: the spec posts forms', async () => {
    const answer = await t.app.request('/open311/v2/requests.json', {
      method: 'POST', body: JSON.stringify(form()), headers: { 'content-type': 'application/json' },
    }, { incoming: { socket: { remoteAddress: '10.31.200.1' } } });
    expect(answer.status).toBe(400);
    expect((await answer.json())[0].description).toContain('application/x-www-form-urlencoded');
  });

  it('takes the form as multipart/form-data too', async () => {
    const body = new FormData();
    for (const [k, v] of Object.entries(form())) body.set(k, v);
    const answer = await t.app.request('/open311/v2/requests.json', { method: 'POST', body }, { incoming: { socket: { remoteAddress: '10.31.200.2' } } });
    expect(answer.status).toBe(200);
  });

  it('answers unknown resources and methods with the error list, not the web UI', async () => {
    for (const path of ['/open311/v2/requests', '/open311/v2/services.csv', '/open311/v2/tokens/1.json', '/open311/v2/requests/PK.json']) {
      const answer = await get(t.app, path);
      expect(answer.status, path).toBe(404);
      expect(answer.body[0].code).toBe(404);
    }
  });
});
