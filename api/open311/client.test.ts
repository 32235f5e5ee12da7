/**
 * An Open311 client round trip over real HTTP, as existing clients (FixMyStreet's Open311.pm,
 * the Python wrappers) talk to a GeoReport v2 server: find the endpoint by discovery, read the
 * services, POST a form-encoded request with an api_key, follow it by id while staff close the
 * case through the incidents API, and find it among the closed requests.
 * No Open311 client library is packaged for npm or Debian, so the client is written here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { OPEN311_DEMO_API_KEY } from '../../seeds/pukou/accounts.ts';
import { DEMO_PASSWORD } from '../auth/password.ts';
import { gridPoint } from '../incidents/test-support.ts';
import { startServer, type RunningServer } from '../server.ts';
import { testDatabase } from '../testing/database.ts';
import { SPECIFICATION } from './spec.ts';
import { asXmlText, parseXml, xmlValue } from './xml-read.ts';

class Open311Failure extends Error {
  constructor(readonly status: number, readonly errors: { code: string; description: string }[]) {
    super(`${status}: ${errors.map((e) => `${e.code} ${e.description}`).join('; ')}`);
  }
}

/** A minimal GeoReport v2 client speaking XML, the format every server must offer. */
class Open311Client {
  endpoint = '';
  constructor(readonly discoveryUrl: string, readonly apiKey: string, readonly jurisdiction: string) {}

  async discover() {
    const discovery = (await this.fetchXml(this.discoveryUrl)) as any;
    const endpoint = discovery.endpoints.find((e: any) => e.specification === SPECIFICATION && e.formats.includes('text/xml'));
    this.endpoint = endpoint.url;
    return discovery;
  }

  services = () => this.get('services.xml') as Promise<any[]>;
  definition = (code: string) => this.get(`services/${code}.xml`) as Promise<any>;
  request = async (id: string) => ((await this.get(`requests/${id}.xml`)) as any[])[0];
  requests = (query: Record<string, string>) => this.get('requests.xml', query) as Promise<any[]>;

  /** POST requests.xml form-encoded; the new request's id. */
  async create(fields: Record<string, string>): Promise<string> {
    const form = new URLSearchParams({ api_key: this.apiKey, jurisdiction_id: this.jurisdiction, ...fields });
    const answer = (await this.fetchXml(`${this.endpoint}/requests.xml`, {
      method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    })) as any[];
    return answer[0].service_request_id;
  }

  private get(path: string, query: Record<string, string> = {}) {
    const params = new URLSearchParams({ jurisdiction_id: this.jurisdiction, ...query });
    return this.fetchXml(`${this.endpoint}/${path}?${params}`);
  }

  private async fetchXml(url: string, init?: RequestInit): Promise<unknown> {
    const response = await fetch(url, init);
    expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const root = parseXml(await response.text());
    if (!response.ok) {
      expect(root.name).toBe('errors');
      throw new Open311Failure(response.status, xmlValue(root) as any);
    }
    return xmlValue(root);
  }
}

const db = testDatabase();
let server: RunningServer;
let client: Open311Client;
let here: Awaited<ReturnType<typeof gridPoint>>;

beforeAll(async () => {
  server = await startServer({ db, config: readConfig({}) });
  client = new Open311Client(`${server.url}/open311/v2/discovery.xml`, OPEN311_DEMO_API_KEY, 'pukou.nanjing.gov.cn');
  here = await gridPoint(db.pool, 222);
});
afterAll(async () => {
  await server.close();
  await db.close();
});

/** A signed-in session of a demo account, as the desk's login gives it: the Authorization header. */
async function signIn(username: string): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST', body: JSON.stringify({ username, password: DEMO_PASSWORD }), headers: { 'content-type': 'application/json' },
  });
  expect(response.status, username).toBe(200);
  return { authorization: `Bearer ${((await response.json()) as { token: string }).token}` };
}

/** Staff at work through the incidents API, as the command centre's desk does it: the grid's worker and the street's sub-centre. */
async function staffClose(ticket: string) {
  const worker = await signIn(`worker-${here.gridCode}`);
  const street = await signIn(`dispatcher-${here.streetCode}`);
  const list = await (await fetch(`${server.url}/api/v1/incidents?ticket=${ticket}`, { headers: street })).json();
  const id = list.items[0].id;
  for (const [as, step] of [
    [worker, { action: 'verify' }], [street, { action: 'register' }], [street, { action: 'dispatch' }],
    [worker, { action: 'feedback', note: '垃圾已清运' }], [worker, { action: 'check_pass' }],
    [street, { action: 'close', note: '已清运完毕，现场整洁' }],
  ] as const) {
    const response = await fetch(`${server.url}/api/v1/incidents/${id}/actions`, {
      method: 'POST', body: JSON.stringify(step), headers: { 'content-type': 'application/json', ...as },
    });
    expect(response.status, step.action).toBe(200);
  }
}

describe('an Open311 client round trip', () => {
  it('reports, follows and finds a request until it is closed', async () => {
    const discovery = await client.discover();
    expect(client.endpoint).toBe(`${server.url}/open311/v2`);
    expect(discovery.key_service).toContain('api_key');

    const services = await client.services();
    const garbage = services.find((s) => s.service_code === '06010');
    expect(garbage).toMatchObject({ service_name: '暴露垃圾', metadata: 'false', type: 'realtime', group: '市容环境类' });
    expect((await client.definition('06010')).attributes[0]).toMatchObject({ variable: 'false', code: 'time_limit' });

    const id = await client.create({
      service_code: '06010', lat: String(here.lat), long: String(here.lon), address_string: '江浦街道 公园北路', email: 'li@example.cn',
      device_id: 'phone-1', account_id: 'u-1', first_name: '雷', last_name: '李', phone: '13800001111',
      description: '公园北路路口有暴露垃圾 & 污水', media_url: 'https://img.example.cn/c.jpg', 'attribute[size]': 'large',
    });
    expect(id).toMatch(/^PK\d{13}$/);

    const opened = await client.request(id);
    expect(opened).toMatchObject({
      service_request_id: id, status: 'open', service_code: '06010', service_name: '暴露垃圾', description: '公园北路路口有暴露垃圾 & 污水',
      address: '江浦街道 公园北路', lat: String(here.lat), long: String(here.lon), media_url: 'https://img.example.cn/c.jpg',
    });
    expect(opened.expected_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(Date.parse(opened.expected_datetime)).toBeGreaterThan(Date.parse(opened.requested_datetime));

    await staffClose(id);
    const closed = await client.request(id);
    expect(closed).toMatchObject({ service_request_id: id, status: 'closed', status_notes: '已清运完毕，现场整洁' });
    expect(Date.parse(closed.updated_datetime)).toBeGreaterThanOrEqual(Date.parse(opened.updated_datetime));

    const found = await client.requests({ status: 'closed', service_code: '06010' });
    expect(found.find((r) => r.service_request_id === id)).toEqual(closed);
    expect(found.every((r) => r.status === 'closed' && r.service_code === '06010')).toBe(true);

    // The JSON twin of the same request says the same, typed.
    const json = await (await fetch(`${client.endpoint}/requests/${id}.json`)).json();
    expect(asXmlText(json)).toEqual([closed]);
    expect(json[0]).toMatchObject({ lat: here.lat, long: here.lon, address_id: null });
  });

  it('gets the spec error list back for a bad api_key and an unknown request', async () => {
    await client.discover();
    const rogue = new Open311Client(client.discoveryUrl, 'guessed-key-123', 'pukou.nanjing.gov.cn');
    rogue.endpoint = client.endpoint;
    const refused = await rogue.create({ service_code: '06010', lat: String(here.lat), long: String(here.lon) }).catch((e) => e);
    expect(refused).toBeInstanceOf(Open311Failure);
    expect(refused).toMatchObject({ status: 403, errors: [{ code: '403', description: expect.stringContaining('Invalid api_key') }] });
    const missing = await client.request('PK0000000000000').catch((e) => e);
    expect(missing).toMatchObject({ status: 404, errors: [{ code: '404' }] });
  });
});
