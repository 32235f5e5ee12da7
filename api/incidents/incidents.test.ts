import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { allowedActions } from './workflow.ts';
import { displayName, gridPoint, JPEG_BYTES, PNG_1x1, send } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let here: Awaited<ReturnType<typeof gridPoint>>;
let worker: string;
let commanderName: string;
let workerName: string;
beforeAll(async () => {
  here = await gridPoint(t.db.pool, 3);
  worker = `worker-${here.gridCode}`;
  commanderName = await displayName(t.db.pool, 'commander');
  workerName = await displayName(t.db.pool, worker);
});

const report = (extra: Record<string, unknown> = {}) => ({
  source: 'hotline_12345',
  category: '06010',
  lon: here.lon,
  lat: here.lat,
  description: '小区门口暴露垃圾',
  address: '测试路1号',
  reporter: { name: '张三丰', phone: '13812345678' },
  ...extra,
});

/** The district centre takes the 12345 hotline's calls. */
const post = (body: unknown, as = 'commander', headers: Record<string, string> = {}) => send(t.as(as), 'POST', '/api/v1/incidents', body, headers);

describe('POST /api/v1/incidents', () => {
  it('registers a report with grid, community and street from its point', async () => {
    const { status, headers, body } = await send(t.as(`dispatcher-${here.streetCode}`), 'POST', '/api/v1/incidents', report());
    expect(status).toBe(201);
    expect(headers.get('location')).toBe(`/api/v1/incidents/${body.id}`);
    expect(body).toMatchObject({
      status: 'reported',
      level: 'grid',
      source: 'hotline_12345',
      priority: 'normal',
      category: { code: '06010', name: '暴露垃圾', majorCode: '06', majorName: '市容环境类' },
      grid: { code: here.gridCode },
      community: { code: here.communityCode },
      street: { code: here.streetCode },
      dueAt: null,
      light: null,
      version: 1,
    });
    expect(body.ticket).toMatch(/^PK\d{13}$/);
    expect(body.grid.name).toEqual(expect.any(String));
    expect(body.allowedActions.map((a: any) => a.action)).toEqual(['verify', 'void']);

    const lookup = await t.getJson(`/api/v1/lookup?lon=${here.lon}&lat=${here.lat}`);
    expect(body.grid.code).toBe(lookup.body.grid.code);
  });

  it('gives consecutive cases unrelated tickets', async () => {
    const a = await post(report());
    const b = await post(report());
    expect(b.body.id).toBe(a.body.id + 1);
    expect(a.body.ticket.slice(0, 8)).toBe(b.body.ticket.slice(0, 8));
    expect(Math.abs(Number(a.body.ticket.slice(8)) - Number(b.body.ticket.slice(8)))).toBeGreaterThan(1000);
  });

  it('self-handles on the spot: closed at grid level, the whole chain logged', async () => {
    const { status, body } = await post(report({ source: 'patrol', selfHandled: true, reporter: undefined }), worker);
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'closed', level: 'grid', closedLevel: 'grid', closedOnTime: true, selfHandled: true, version: 4 });
    expect(body.registeredAt).toBe(body.createdAt);
    expect(body.closedAt).toBe(body.createdAt);
    const detail = await t.getJson(`/api/v1/incidents/${body.id}`, worker);
    expect(detail.body.events.map((e: any) => [e.action, e.toStatus, e.actor.name])).toEqual([
      ['report', 'reported', workerName],
      ['register', 'registered', workerName],
      ['feedback', 'handled', workerName],
      ['close', 'closed', workerName],
    ]);
    expect(allowedActions(detail.body).map((a) => a.action)).toEqual(['evaluate', 'reopen']);
    // Of those, the worker takes none: the citizen rates, the sub-centre reopens.
    expect(detail.body.allowedActions).toEqual([]);
    const street = await t.getJson(`/api/v1/incidents/${body.id}`, `dispatcher-${here.streetCode}`);
    expect(street.body.allowedActions.map((a: any) => a.action)).toEqual(['reopen']);
  });

  it('keeps photos checked by their bytes', async () => {
    const { status, body } = await post(report({
      photos: [{ contentType: 'image/png', data: PNG_1x1.toString('base64') }, { data: `data:image/jpeg;base64,${JPEG_BYTES.toString('base64')}` }],
    }));
    expect(status).toBe(201);
    expect(body.photos.map((p: any) => p.contentType)).toEqual(['image/png', 'image/jpeg']);
    const photo = await t.as('commander').request(`/api/v1/incidents/${body.id}/photos/${body.photos[0].id}`);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG_1x1)).toBe(true);
    expect((await t.as('commander').request(`/api/v1/incidents/${body.id}/photos/999999999`)).status).toBe(404);
    expect((await t.app.request(`/api/v1/incidents/${body.id}/photos/${body.photos[0].id}`)).status).toBe(401);
  });

  it.each([
    ['no body', undefined, 400, 'empty'],
    ['broken JSON', '{"source":', 400, 'not valid JSON'],
    ['an unknown source', { source: 'pigeon' }, 400, 'source'],
    ['a malformed category', { category: '6010' }, 400, 'category: a category is a 5-digit'],
    ['an unknown category', { category: '99999' }, 400, 'category: 99999 is not a GB/T 47678.5 matter code'],
    ['no description', { description: '  ' }, 400, 'description'],
    ['lon out of range', { lon: 200 }, 400, 'lon must be within'],
    ['lat as a string', { lat: '32.1' }, 400, 'lat'],
    ['a bad phone', { reporter: { phone: 'call me' } }, 400, 'reporter.phone'],
    ['self-handling by a dispatcher', { selfHandled: true }, 400, 'selfHandled'],
    ['a point outside every grid', { lon: 100, lat: 30 }, 422, 'outside every grid'],
    ['four photos', { photos: Array(4).fill({ data: PNG_1x1.toString('base64') }) }, 400, 'photos'],
    ['a GIF', { photos: [{ data: Buffer.from('GIF89a....').toString('base64') }] }, 400, 'photos[0]: only JPEG and PNG'],
    ['a PNG claimed to be JPEG', { photos: [{ contentType: 'image/jpeg', data: PNG_1x1.toString('base64') }] }, 400, 'is image/png'],
    ['a photo over 5 MB', { photos: [{ data: Buffer.concat([PNG_1x1, Buffer.alloc(5 * 1024 * 1024)]).toString('base64') }] }, 413, 'photos[0]'],
  ])('answers %s with a problem naming it', async (_, change, status, message) => {
    const body = change === undefined ? '' : typeof change === 'string' ? change : report(change as Record<string, unknown>);
    const answer = await post(body, 'commander', { 'content-type': 'application/json' });
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.detail).toContain(message);
  });

  it('ignores an actor in the body: the case is reported by the signed-in user', async () => {
    const { status, body } = await post(report({ actor: { role: 'mayor', name: '冒名者' } }));
    expect(status).toBe(201);
    const detail = await t.getJson(`/api/v1/incidents/${body.id}`, 'commander');
    expect(detail.body.reporter.by).toBe(commanderName);
    expect(detail.body.events[0].actor).toEqual({ role: 'district_dispatcher', name: commanderName, username: 'commander' });
  });

  it('answers 401 without sign-in, 403 for a source or a grid the account may not register', async () => {
    const anonymous = await send(t.app, 'POST', '/api/v1/incidents', report());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const hotline = await post(report(), worker);
    expect(hotline.status).toBe(403);
    expect(hotline.body.detail).toContain('hotline_12345');
    const elsewhere = await gridPoint(t.db.pool, 300);
    const outside = await post(report({ source: 'patrol', lon: elsewhere.lon, lat: elsewhere.lat }), worker);
    expect(outside.status).toBe(403);
    expect(outside.body.detail).toContain(elsewhere.gridCode);
    expect((await post(report(), 'analyst')).status).toBe(403);
  });
});

describe('GET /api/v1/incidents/{id}', () => {
  it('gives the case with its log, allowed actions and the reporter (staff see personal data for now)', async () => {
    const created = await post(report({ note: '市民来电' }));
    const { status, body } = await t.getJson(`/api/v1/incidents/${created.body.id}`, worker);
    expect(status).toBe(200);
    expect(body.reporter).toEqual({ by: commanderName, name: '张三丰', phone: '13812345678' });
    expect(body.events).toEqual([
      expect.objectContaining({
        seq: 1, action: 'report', fromStatus: null, toStatus: 'reported', toLevel: 'grid', note: '市民来电',
        actor: { role: 'district_dispatcher', name: commanderName, username: 'commander' },
      }),
    ]);
    expect(body.allowedActions).toEqual([{ action: 'verify', roles: ['grid_worker', 'street_dispatcher'], requires: [] }]);
  });

  it('answers 404 for an unknown case and 400 for a malformed id', async () => {
    expect((await t.getJson('/api/v1/incidents/999999999', 'commander')).status).toBe(404);
    const bad = await t.getJson('/api/v1/incidents/abc', 'commander');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('a case id is a positive integer');
  });

  it('answers 404 for a case outside the jurisdiction, 401 without sign-in', async () => {
    const created = await post(report());
    const elsewhere = await gridPoint(t.db.pool, 300);
    expect(elsewhere.streetCode).not.toBe(here.streetCode);
    expect((await t.getJson(`/api/v1/incidents/${created.body.id}`, `worker-${elsewhere.gridCode}`)).status).toBe(404);
    expect((await t.getJson(`/api/v1/incidents/${created.body.id}`, `dispatcher-${elsewhere.streetCode}`)).status).toBe(404);
    expect((await t.getJson(`/api/v1/incidents/${created.body.id}`, `dispatcher-${here.streetCode}`)).status).toBe(200);
    expect((await t.app.request(`/api/v1/incidents/${created.body.id}`)).status).toBe(401);
  });

  it('keeps the event log append-only', async () => {
    const created = await post(report());
    await expect(t.db.pool.query(`UPDATE incident_event SET note = 'x' WHERE incident_id = $1`, [created.body.id])).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query(`DELETE FROM incident_event WHERE incident_id = $1`, [created.body.id])).rejects.toThrow(/append-only/);
  });

  it('offers the reference data for the desk', async () => {
    const { body } = await t.getJson('/api/v1/incidents/reference', 'commander');
    expect(body.categories).toHaveLength(250);
    expect(body.departments.length).toBeGreaterThan(40);
    expect(body.transitions.escalate.roles.grid).toEqual(['grid_worker', 'street_dispatcher']);
  });
});
