/** The queue: filters, keyset paging, overdue cases and lights, duplicates — on cases made at fixed times. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import { testApp } from '../testing/app.ts';
import { actOnIncident } from './act.ts';
import { createIncident, incidentDeps, type CreateInput } from './create.ts';
import { actors, gridPoint } from './test-support.ts';

const t = testApp();
const deps = incidentDeps(t.db.pool, t.gridIndex);
afterAll(() => t.db.close());

// May 2024: before the demo year, so only this file's cases are there.
const FROM = '2024-05-06';
const TO = '2024-05-11';
let a: Awaited<ReturnType<typeof gridPoint>>;
let b: Awaited<ReturnType<typeof gridPoint>>;
const ids: Record<string, number> = {};

async function make(name: string, at: string, input: Partial<CreateInput>, steps: [string, Record<string, unknown>, string][] = []) {
  const point = input.lon === undefined ? a : { lon: input.lon, lat: input.lat! };
  const created = await createIncident(
    deps,
    { source: 'patrol', categoryCode: '06010', priority: 'normal', level: 'grid', description: name, actor: actors.worker, ...input, lon: point.lon, lat: point.lat },
    { now: shanghaiTime(at) },
  );
  for (const [action, extra, when] of steps) {
    await actOnIncident(deps, created.state.id, { action, ...extra } as never, { now: shanghaiTime(when) });
  }
  ids[name] = created.state.id;
}

beforeAll(async () => {
  a = await gridPoint(t.db.pool, 20);
  b = await gridPoint(t.db.pool, 300);
  const registered: [string, Record<string, unknown>, string][] = [
    ['verify', { actor: actors.worker }, '2024-05-06 09:05'],
    ['register', { actor: actors.street }, '2024-05-06 09:10'],
  ];
  await make('old-open', '2024-05-06 09:00', {}, registered); // 4 working hours from 09:10: due 15:10, long past
  await make('closed', '2024-05-07 10:00', {}, [
    ['verify', { actor: actors.worker }, '2024-05-07 10:05'], ['register', { actor: actors.street }, '2024-05-07 10:10'],
    ['dispatch', { actor: actors.street }, '2024-05-07 10:20'], ['feedback', { actor: actors.worker, note: 'ok' }, '2024-05-07 11:00'],
    ['check_pass', { actor: actors.worker }, '2024-05-07 11:10'], ['close', { actor: actors.street }, '2024-05-07 11:20'],
  ]);
  await make('reported-b', '2024-05-08 15:00', { lon: b.lon, lat: b.lat, source: 'citizen_app', categoryCode: '09009', actor: actors.citizen });
  await make('urgent-b', '2024-05-09 16:00', { lon: b.lon, lat: b.lat, priority: 'urgent', categoryCode: '09009' });
  await make('suspended', '2024-05-10 08:30', {}, [...registered.map(([x, y]): [string, Record<string, unknown>, string] => [x, y, '2024-05-10 08:40']),
    ['suspend', { actor: actors.street, note: 'wait' }, '2024-05-10 09:00']]);
});

const list = async (query: string) => {
  const answer = await t.getJson(`/api/v1/incidents?from=${FROM}&to=${TO}&${query}`, 'commander');
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};
const names = (body: any) => body.items.map((i: any) => i.description);

describe('GET /api/v1/incidents', () => {
  it('lists newest first within a time range', async () => {
    expect(names(await list(''))).toEqual(['suspended', 'urgent-b', 'reported-b', 'closed', 'old-open']);
  });

  it.each([
    ['status=reported', ['urgent-b', 'reported-b']],
    ['status=closed,suspended', ['suspended', 'closed']],
    ['source=citizen_app', ['reported-b']],
    ['priority=urgent', ['urgent-b']],
    ['category=09009', ['urgent-b', 'reported-b']],
    ['category=06', ['suspended', 'closed', 'old-open']],
    ['category=06010,09', ['suspended', 'urgent-b', 'reported-b', 'closed', 'old-open']],
    ['category=09,06011', ['urgent-b', 'reported-b']],
    ['level=street', []],
    ['open=false', ['closed']],
    ['open=true', ['suspended', 'urgent-b', 'reported-b', 'old-open']],
    ['overdue=true', ['old-open']],
    ['overdue=false', ['suspended', 'urgent-b', 'reported-b', 'closed']],
    ['light=red', ['old-open']],
    ['light=green,yellow', []],
  ])('filters by %s', async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it('filters by area and bbox', async () => {
    expect(names(await list(`grid=${b.gridCode}`))).toEqual(['urgent-b', 'reported-b']);
    expect(names(await list(`community=${a.communityCode}`))).toEqual(['suspended', 'closed', 'old-open']);
    expect(names(await list(`street=${b.streetCode}`))).toContain('urgent-b');
    const d = 0.0001;
    expect(names(await list(`bbox=${b.lon - d},${b.lat - d},${b.lon + d},${b.lat + d}`))).toEqual(['urgent-b', 'reported-b']);
  });

  it('filters by ticket, and by department as SQL finds the cases dispatched to it', async () => {
    const closed = (await list('')).items.find((i: any) => i.description === 'closed');
    expect(names(await list(`ticket=${closed.ticket}`))).toEqual(['closed']);
    const { rows } = await t.db.pool.query(
      `SELECT i.id::int AS id FROM incident i
       WHERE EXISTS (SELECT 1 FROM incident_department d WHERE d.incident_id = i.id AND d.department_code = 'law_enforcement')
       ORDER BY i.created_at DESC, i.id DESC LIMIT 100`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const { body } = await t.getJson('/api/v1/incidents?department=law_enforcement&limit=100', 'commander');
    expect(body.items.map((i: any) => i.id)).toEqual(rows.map((r) => r.id));
    expect(body.items.every((i: any) => i.departments.some((d: any) => d.code === 'law_enforcement'))).toBe(true);
  });

  it('lists only the cases of the signed-in user\'s jurisdiction', async () => {
    expect(a.streetCode).not.toBe(b.streetCode);
    const street = await t.getJson(`/api/v1/incidents?from=${FROM}&to=${TO}`, `dispatcher-${a.streetCode}`);
    expect(names(street.body)).toEqual(['suspended', 'closed', 'old-open']);
    const grid = await t.getJson(`/api/v1/incidents?from=${FROM}&to=${TO}`, `worker-${b.gridCode}`);
    expect(names(grid.body)).toEqual(['urgent-b', 'reported-b']);
    expect((await t.getJson(`/api/v1/incidents?from=${FROM}&to=${TO}`)).status).toBe(401);
  });

  it('pages with an opaque cursor, newest first or by due time', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: any = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...names(page));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(['suspended', 'urgent-b', 'reported-b', 'closed', 'old-open']);
    // By due time, soonest first; cases without one (not registered, suspended) last, by id.
    const byDue: string[] = [];
    for (let cursor: string | null = ''; cursor !== null; ) {
      const page: any = await list(`sort=due&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      byDue.push(...names(page));
      cursor = page.nextCursor;
    }
    expect(byDue).toEqual(['old-open', 'closed', 'reported-b', 'urgent-b', 'suspended']);
    const wrongSort = await t.getJson(`/api/v1/incidents?sort=due&cursor=${(await list('limit=1')).nextCursor}`, 'commander');
    expect(wrongSort.status).toBe(400);
  });

  it.each([
    ['a value that is not a time', { sort: 'created', value: 'not a time', id: 1 }],
    ['a day that does not exist', { sort: 'created', value: '2024-02-30T00:00:00.000Z', id: 1 }],
    ['an id too large for bigint', { sort: 'created', value: '2024-05-06T07:10:00.000Z', id: 1e300 }],
    ['an id as text', { sort: 'due', value: 'Infinity', id: '1' }],
    ['not an object', null],
  ])('answers a forged cursor (%s) with 400, not 500', async (_, forged) => {
    const sort = (forged as { sort?: string } | null)?.sort ?? 'created';
    const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
    const { status, body } = await t.getJson(`/api/v1/incidents?sort=${sort}&cursor=${cursor}`, 'commander');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ field: 'cursor', message: 'invalid cursor' }]);
  });

  it('shows the traffic light and the due time', async () => {
    const body = await list('');
    const byName = Object.fromEntries(body.items.map((i: any) => [i.description, i]));
    expect(byName['old-open']).toMatchObject({ light: 'red', dueAt: shanghaiTime('2024-05-06 15:10').toISOString() });
    expect(byName.closed).toMatchObject({ light: null, closedOnTime: true });
    expect(byName.suspended).toMatchObject({ light: null, dueAt: null, status: 'suspended' });
    expect(byName['reported-b']).toMatchObject({ light: null, dueAt: null });
  });

  it.each([
    ['status=lost', 'unknown status lost'],
    ['limit=501', 'limit is at most 500'],
    ['limit=abc', 'limit'],
    ['from=yesterday', 'ISO 8601'],
    ['cursor=nonsense', 'cursor'],
    ['category=1', 'category'],
    ['bbox=1,2', 'bbox'],
    ['light=blue', 'unknown light blue'],
    ['overdue=yes', 'overdue'],
  ])('rejects ?%s with 400', async (query, message) => {
    const { status, body } = await t.getJson(`/api/v1/incidents?${query}`, 'commander');
    expect(status).toBe(400);
    expect(body.detail).toContain(message);
  });
});

describe('duplicates: same category, open, within 50 m and 24 h', () => {
  it('finds the open case of the same category nearby, not the closed one nor other categories', async () => {
    await make('dup-near', '2024-05-10 10:00', { lon: b.lon + 0.0003, lat: b.lat, categoryCode: '09009' }); // ~28 m east
    await make('dup-far', '2024-05-10 10:00', { lon: b.lon + 0.001, lat: b.lat, categoryCode: '09009' }); // ~94 m
    await make('dup-other', '2024-05-10 10:00', { lon: b.lon, lat: b.lat, categoryCode: '06010' });
    const { body } = await t.getJson(`/api/v1/incidents/${ids['urgent-b']}/duplicates`, 'commander');
    expect(body.items.map((i: any) => i.description)).toEqual(['dup-near']);
    expect(body.items[0].distanceM).toBeGreaterThan(20);
    expect(body.items[0].distanceM).toBeLessThan(35);

    const before = await t.getJson(`/api/v1/incidents/duplicates?category=09009&lon=${b.lon}&lat=${b.lat}&at=2024-05-10T12:00:00%2B08:00`, 'commander');
    expect(before.body.items.map((i: any) => i.description)).toEqual(['urgent-b', 'dup-near']);
    const dayLater = await t.getJson(`/api/v1/incidents/duplicates?category=09009&lon=${b.lon}&lat=${b.lat}&at=2024-05-12T12:00:00%2B08:00`, 'commander');
    expect(dayLater.body.items).toEqual([]);
    expect((await t.getJson('/api/v1/incidents/999999999/duplicates', 'commander')).status).toBe(404);
    expect((await t.getJson('/api/v1/incidents/duplicates?category=09009&lon=x&lat=1', 'commander')).status).toBe(400);
    // Another street's sub-centre sees none of these cases, nor their duplicates.
    const other = await gridPoint(t.db.pool, 0);
    expect(other.streetCode).not.toBe(b.streetCode);
    expect((await t.getJson(`/api/v1/incidents/${ids['urgent-b']}/duplicates`, `dispatcher-${other.streetCode}`)).status).toBe(404);
  });
});
