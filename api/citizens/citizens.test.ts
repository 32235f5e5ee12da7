import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { displayName, gridPoint, JPEG_BYTES, PNG_1x1, send } from '../incidents/test-support.ts';
import { rateLimit } from './rate-limit.ts';
import { Hono } from 'hono';

const t = testApp();
afterAll(() => t.db.close());

let here: Awaited<ReturnType<typeof gridPoint>>;
/** The grid's worker and the street's sub-centre, who take the citizens' cases here. */
let worker: string;
let street: string;
beforeAll(async () => {
  here = await gridPoint(t.db.pool, 77);
  worker = `worker-${here.gridCode}`;
  street = `dispatcher-${here.streetCode}`;
});

// Each test speaks as its own client, so the rate limits of one do not touch another.
let clients = 0;
const client = () => `10.9.${Math.floor(++clients / 250)}.${clients % 250}`;

const report = (extra: Record<string, unknown> = {}) => ({
  category: '07001', lon: here.lon, lat: here.lat, description: '电线杆上贴满小广告', name: '欧阳娜娜', phone: '13912345678', ...extra,
});

async function reportCase(from = client(), extra: Record<string, unknown> = {}) {
  const answer = await send(t.app, 'POST', '/api/v1/public/reports', report(extra), {}, from);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body;
}

async function closeCase(ticket: string) {
  const { rows } = await t.db.pool.query('SELECT id FROM incident WHERE ticket = $1', [ticket]);
  const id = Number(rows[0].id);
  for (const [as, step] of [
    [worker, { action: 'verify' }], [street, { action: 'register' }], [street, { action: 'dispatch' }],
    [worker, { action: 'feedback', note: '已清除小广告' }], [worker, { action: 'check_pass' }],
    [street, { action: 'close', note: '已处理完毕' }],
  ] as const) expect((await send(t.as(as), 'POST', `/api/v1/incidents/${id}/actions`, step)).status).toBe(200);
  return id;
}

describe('citizen reports', () => {
  it('takes a JSON report and answers a ticket, the reporter masked', async () => {
    const body = await reportCase();
    expect(body).toMatchObject({
      status: 'received', stage: 'reported', category: { code: '07001', name: '非法小广告' },
      reporter: { name: '欧阳**', phone: '139****5678' }, canRate: false,
      community: { code: here.communityCode },
    });
    expect(body.ticket).toMatch(/^PK\d{13}$/);
    expect(body.access).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(Object.values(body.links).every((link) => (link as string).endsWith(`?access=${body.access}`))).toBe(true);
    expect(body.timeline).toEqual([expect.objectContaining({ action: 'report', status: 'received' })]);
    const { rows } = await t.db.pool.query('SELECT source, reporter_phone, reported_by FROM incident WHERE ticket = $1', [body.ticket]);
    expect(rows[0]).toEqual({ source: 'citizen_app', reporter_phone: '13912345678', reported_by: '市民' });
  });

  it('takes a multipart report with photos, as a phone browser sends it', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(report())) form.set(k, String(v));
    form.append('photo', new Blob([PNG_1x1], { type: 'image/png' }), 'a.png');
    form.append('photo', new Blob([JPEG_BYTES], { type: 'application/octet-stream' }), 'b.jpg');
    const response = await t.app.request('/api/v1/public/reports', { method: 'POST', body: form }, { incoming: { socket: { remoteAddress: client() } } });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.photos).toHaveLength(2);
    const photo = await t.app.request(body.photos[1].url);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
  });

  it('never creates two cases for one Idempotency-Key, even with a new multipart boundary', async () => {
    const key = randomUUID();
    const from = client();
    const once = async () => {
      const form = new FormData();
      for (const [k, v] of Object.entries(report({ description: `retry ${key}` }))) form.set(k, String(v));
      return t.app.request('/api/v1/public/reports', { method: 'POST', body: form, headers: { 'idempotency-key': key } },
        { incoming: { socket: { remoteAddress: from } } });
    };
    const answers = await Promise.all([once(), once(), once()]);
    const tickets = await Promise.all(answers.map(async (a) => (await a.json()).ticket));
    expect(new Set(tickets).size).toBe(1);
    const { rows } = await t.db.pool.query('SELECT count(*)::int AS n FROM incident WHERE description = $1', [`retry ${key}`]);
    expect(rows[0].n).toBe(1);
  });

  it.each([
    ['no category', { category: undefined }, 'category'],
    ['no location', { lon: undefined }, 'lon'],
    ['an empty description', { description: '' }, 'description'],
    ['a bad phone', { phone: '12' }, 'phone'],
    ['a text file as photo', { photos: [{ data: Buffer.from('hello').toString('base64') }] }, 'only JPEG and PNG'],
  ])('refuses a report with %s (400 naming the field)', async (_, change, message) => {
    const answer = await send(t.app, 'POST', '/api/v1/public/reports', report(change), {}, client());
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain(message);
  });

  it('refuses a point outside the district with 422', async () => {
    const answer = await send(t.app, 'POST', '/api/v1/public/reports', report({ lon: 116.4, lat: 39.9 }), {}, client());
    expect(answer.status).toBe(422);
  });
});

describe('following a ticket, rating and messages', () => {
  it('shows the status through closure, then takes one rating', async () => {
    const { ticket, access } = await reportCase();
    const q = `?access=${access}`;
    const early = await send(t.app, 'POST', `/api/v1/public/tickets/${ticket}/rating${q}`, { rating: 5 }, {}, client());
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('once it is closed');
    // problem+json status is the HTTP status; the case's own status has its own member.
    expect(early.body).toMatchObject({ status: 409, caseStatus: 'received' });
    await closeCase(ticket);
    const status = await send(t.app, 'GET', `/api/v1/public/tickets/${ticket}${q}`, undefined, {}, client());
    expect(status.body).toMatchObject({ status: 'closed', canRate: true });
    expect(status.body.timeline.map((e: any) => e.action)).toEqual(['report', 'verify', 'register', 'dispatch', 'feedback', 'check_pass', 'close']);
    expect(status.body.timeline.find((e: any) => e.action === 'close').note).toBe('已处理完毕');
    // No staff names in public.
    expect(JSON.stringify(status.body)).not.toContain(await displayName(t.db.pool, worker));
    expect(JSON.stringify(status.body)).not.toContain(await displayName(t.db.pool, street));

    const badRating = await send(t.app, 'POST', `/api/v1/public/tickets/${ticket}/rating${q}`, { rating: 0 }, {}, client());
    expect(badRating.status).toBe(400);
    const rated = await send(t.app, 'POST', `/api/v1/public/tickets/${ticket}/rating${q}`, { rating: 4, comment: '还不错' }, {}, client());
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ status: 'closed', stage: 'evaluated', rating: { score: 4, comment: '还不错' }, canRate: false });
    const retry = await send(t.app, 'POST', `/api/v1/public/tickets/${ticket}/rating${q}`, { rating: 4, comment: '还不错' }, {}, client());
    expect(retry.status).toBe(200); // the same rating again: a retry, not a second rating
    const twice = await send(t.app, 'POST', `/api/v1/public/tickets/${ticket}/rating${q}`, { rating: 1 }, {}, client());
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('already been rated');
    expect(twice.body).toMatchObject({ status: 409, caseStatus: 'closed' });
  });

  it('keeps a thread between the citizen and the centre', async () => {
    const { ticket, links } = await reportCase();
    const from = client();
    const key = randomUUID();
    expect(links.messages).toBe(`/api/v1/public/tickets/${ticket}/messages?access=${new URL(links.messages, 'http://x').searchParams.get('access')}`);
    const asked = await send(t.app, 'POST', links.messages, { body: '什么时候处理？' }, { 'idempotency-key': key }, from);
    const retried = await send(t.app, 'POST', links.messages, { body: '什么时候处理？' }, { 'idempotency-key': key }, from);
    expect(asked.status).toBe(201);
    expect(retried.body).toEqual(asked.body);
    const { rows } = await t.db.pool.query('SELECT id FROM incident WHERE ticket = $1', [ticket]);
    const reply = await send(t.as('commander'), 'POST', `/api/v1/incidents/${rows[0].id}/messages`, { body: '已派遣，今天处理。', author: '冒名者' });
    expect(reply.status).toBe(201);
    const thread = await send(t.app, 'GET', links.messages, undefined, {}, from);
    expect(thread.body.items.map((m: any) => [m.author, m.body])).toEqual([['citizen', '什么时候处理？'], ['centre', '已派遣，今天处理。']]);
    expect(thread.body.items[1].authorName).toBe('浦口区联勤指挥中心');
    const staff = await t.getJson(`/api/v1/incidents/${rows[0].id}/messages`, worker);
    expect(staff.body.items).toHaveLength(2);
    expect((await send(t.app, 'POST', links.messages, { body: '' }, {}, from)).status).toBe(400);
    // The centre's side is for the case's handlers in its jurisdiction.
    expect((await send(t.app, 'GET', `/api/v1/incidents/${rows[0].id}/messages`)).status).toBe(401);
    expect((await t.getJson(`/api/v1/incidents/${rows[0].id}/messages`, 'analyst')).status).toBe(403);
    const elsewhere = await gridPoint(t.db.pool, 300);
    expect(elsewhere.streetCode).not.toBe(here.streetCode);
    expect((await send(t.as(`dispatcher-${elsewhere.streetCode}`), 'POST', `/api/v1/incidents/${rows[0].id}/messages`, { body: 'x' })).status).toBe(404);
  });

  it('masks ID and mobile numbers in every text anyone with the ticket reads, and stores them in full', async () => {
    const description = '楼道堆物，联系人张三 13812345678，身份证320111 19900101 1234';
    const { ticket, links } = await reportCase(client(), { description, address: '某某花园3栋 电话139-1234-5678' });
    await closeCase(ticket);
    const rated = await send(t.app, 'POST', links.rating, { rating: 5, comment: '满意，有事打13612345678' }, {}, client());
    expect(rated.status).toBe(200);
    const from = client();
    expect((await send(t.app, 'POST', links.messages, { body: '我的手机换成了13712345678' }, {}, from)).status).toBe(201);

    const view = (await send(t.app, 'GET', links.self, undefined, {}, client())).body;
    expect(view.description).toBe('楼道堆物，联系人张* 138****5678，身份证320111 ******** 1234');
    expect(view.address).toBe('某某花园3栋 电话139-****-5678');
    expect(view.rating.comment).toBe('满意，有事打136****5678');
    const thread = await send(t.app, 'GET', links.messages, undefined, {}, from);
    expect(thread.body.items[0].body).toBe('我的手机换成了137****5678');
    const { rows } = await t.db.pool.query('SELECT description, address FROM incident WHERE ticket = $1', [ticket]);
    expect(rows[0]).toEqual({ description, address: '某某花园3栋 电话139-1234-5678' });
  });

  it('answers 404 for an unknown ticket and 400 for a malformed one', async () => {
    expect((await send(t.app, 'GET', '/api/v1/public/tickets/PK0000000000000', undefined, {}, client())).status).toBe(404);
    const bad = await send(t.app, 'GET', '/api/v1/public/tickets/hello', undefined, {}, client());
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('a ticket looks like');
  });

  it('opens a ticket only with its access token: 404 without it or with another', async () => {
    const { ticket, access } = await reportCase();
    const other = await reportCase();
    expect((await send(t.app, 'GET', `/api/v1/public/tickets/${ticket}?access=${access}`, undefined, {}, client())).status).toBe(200);
    expect((await send(t.app, 'GET', `/api/v1/public/tickets/${ticket}`, undefined, {}, client())).status).toBe(404);
    expect((await send(t.app, 'GET', `/api/v1/public/tickets/${ticket}?access=${other.access}`, undefined, {}, client())).status).toBe(404);
    expect((await send(t.app, 'GET', `/api/v1/public/tickets/${ticket}/messages`, undefined, {}, client())).status).toBe(404);
    expect((await send(t.app, 'POST', `/api/v1/public/tickets/${ticket}/messages`, { body: '你好' }, {}, client())).status).toBe(404);
    expect((await send(t.app, 'POST', `/api/v1/public/tickets/${ticket}/rating`, { rating: 5 }, {}, client())).status).toBe(404);
  });
});

describe('news, categories and duplicates for the citizen page', () => {
  it('lists the news newest first', async () => {
    const { body } = await send(t.app, 'GET', '/api/v1/public/news?limit=3', undefined, {}, client());
    expect(body.items).toHaveLength(3);
    expect(body.items[0].publishedAt >= body.items[1].publishedAt).toBe(true);
    expect(body.items[0].title).toEqual(expect.any(String));
  });

  it('lists the categories and nearby open reports of one', async () => {
    const categories = await send(t.app, 'GET', '/api/v1/public/categories', undefined, {}, client());
    expect(categories.body.items).toHaveLength(250);
    const { ticket } = await reportCase(client(), { category: '06036' });
    const near = await send(t.app, 'GET', `/api/v1/public/duplicates?category=06036&lon=${here.lon}&lat=${here.lat}`, undefined, {}, client());
    expect(near.body.items.map((i: any) => i.ticket)).toContain(ticket);
    expect(Object.keys(near.body.items[0]).sort()).toEqual(['category', 'createdAt', 'distanceM', 'status', 'ticket']);
  });
});

describe('rate limiting per client', () => {
  it('answers 429 with Retry-After once a client has spent its writes, others unaffected', async () => {
    const from = client();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await send(t.app, 'POST', '/api/v1/public/tickets/PK0000000000000/messages', { body: 'x' }, {}, from)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(404));
    const limited = await send(t.app, 'POST', '/api/v1/public/tickets/PK0000000000000/messages', { body: 'x' }, {}, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    expect((await send(t.app, 'GET', '/api/v1/public/news', undefined, {}, from)).status).toBe(200); // reads have their own bucket
    // Reports, messages and ratings share the one write bucket.
    expect((await send(t.app, 'POST', '/api/v1/public/reports', report(), {}, from)).status).toBe(429);
    expect((await send(t.app, 'POST', '/api/v1/public/tickets/PK0000000000000/messages', { body: 'x' }, {}, client())).status).toBe(404);
  });

  it('refills the bucket over time and trusts X-Forwarded-For only when told', async () => {
    let now = 0;
    const app = new Hono()
      .use(rateLimit({ buckets: { all: { capacity: 2, perSecond: 0.5 } }, bucketOf: () => 'all', now: () => now, trustProxy: true }))
      .get('/', (c) => c.text('ok'));
    const hit = (ip: string) => app.request('/', { headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` } });
    expect((await hit('1.1.1.1')).status).toBe(200);
    expect((await hit('1.1.1.1')).status).toBe(200);
    const limited = await hit('1.1.1.1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await hit('2.2.2.2')).status).toBe(200);
    now = 2_000;
    expect((await hit('1.1.1.1')).status).toBe(200);

    const untrusting = new Hono()
      .use(rateLimit({ buckets: { all: { capacity: 1, perSecond: 0.001 } }, bucketOf: () => 'all' }))
      .get('/', (c) => c.text('ok'));
    expect((await untrusting.request('/', { headers: { 'x-forwarded-for': '1.1.1.1' } })).status).toBe(200);
    expect((await untrusting.request('/', { headers: { 'x-forwarded-for': '2.2.2.2' } })).status).toBe(429);
  });
});
