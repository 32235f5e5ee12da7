/**
 * The embedded database under concurrent requests. pglite-socket serves every pooled connection
 * from the one PGlite session, so the socket layer has to give the session to one connection at
 * a time (embedded-session.ts); these requests are what broke when it did not. The file starts
 * an embedded database of its own, so it tests the embedded one even when DATABASE_URL is set.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPukou } from '../../seeds/seed.ts';
import { gridPoint, send, type JsonAnswer } from '../incidents/test-support.ts';
import { testApp, type TestApp } from '../testing/app.ts';
import { connect, type Database } from './database.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';
import { migrate } from './migrate.ts';

/**
 * A request not answered by then counts as hung. The session serves one statement at a time and
 * 200 requests queue for it (district KPIs take a second each on PGlite), so on a loaded machine
 * the last ones answer after tens of seconds; a hung one never does.
 */
const ANSWER_MS = 150_000;

let embedded: EmbeddedDatabase;
let db: Database;
let t: TestApp;
let here: Awaited<ReturnType<typeof gridPoint>>;
let worker: string;
let dispatcher: string;

const TIMEOUT = Symbol('no answer');
async function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMEOUT>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

beforeAll(async () => {
  embedded = await startEmbedded();
  db = connect(embedded.url, 'embedded', 4);
  await migrate(db.pool);
  await seedPukou(db, { scale: 'demo', seed: 320111 });
  t = testApp({ publicWrites: { buckets: { write: { capacity: 10_000, perSecond: 1000 } } } }, db);
  here = await gridPoint(db.pool, 5);
  worker = `worker-${here.gridCode}`;
  dispatcher = `dispatcher-${here.streetCode}`;
  for (const account of [worker, dispatcher, 'commander']) await t.token(account);
}, 600_000);

afterAll(async () => {
  // A wedged pool never ends (it waits for its stuck clients): bounded, so a failure reports instead of hanging.
  if (db) await within(db.pool.end(), 5_000);
  if (embedded) await within(embedded.stop(), 5_000);
});

async function newCase(description = '机动车乱停放'): Promise<number> {
  const answer = await send(t.as(worker), 'POST', '/api/v1/incidents', {
    source: 'patrol', category: '09009', lon: here.lon, lat: here.lat, description,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id;
}

interface Outcome {
  kind: string;
  status: number | 'no answer';
  detail?: string;
  ms: number;
}

/** Sends every request at once; each one's status, or 'no answer' when it did not answer in time. */
async function all(requests: { kind: string; send: () => Promise<JsonAnswer> }[]): Promise<Outcome[]> {
  const started = performance.now();
  const outcomes = await Promise.all(requests.map(async ({ kind, send: request }) => {
    const answer = await within(request().catch((error: Error) => ({ status: 599, body: error.message }) as JsonAnswer), ANSWER_MS);
    const ms = Math.round(performance.now() - started);
    if (answer === TIMEOUT) return { kind, status: 'no answer' as const, ms };
    return { kind, status: answer.status, detail: answer.status >= 500 ? JSON.stringify(answer.body) : undefined, ms };
  }));
  console.info(`${requests.length} requests at once: the last answered after ${Math.max(...outcomes.map((o) => o.ms))} ms`);
  return outcomes;
}

/** Every pooled connection is back and idle, and a new connection gets an answer at once. */
async function expectNothingStuck() {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline && (db.pool.idleCount !== db.pool.totalCount || db.pool.waitingCount > 0)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect({ total: db.pool.totalCount, idle: db.pool.idleCount, waiting: db.pool.waitingCount })
    .toEqual({ total: db.pool.totalCount, idle: db.pool.totalCount, waiting: 0 });
  const started = performance.now();
  const client = new pg.Client({ connectionString: embedded.url });
  const answer = await within((async () => {
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM incident`);
    // The session is not left inside someone's transaction.
    const { rows: tx } = await client.query(`SELECT now() = statement_timestamp() AS fresh`);
    await client.end();
    return { cases: rows[0].n as number, fresh: tx[0].fresh as boolean };
  })(), 2_000);
  expect(answer, 'a new connection did not answer within 2 s').not.toBe(TIMEOUT);
  expect(answer).toEqual({ cases: expect.any(Number), fresh: true });
  expect(performance.now() - started).toBeLessThan(2_000);
  const pooled = await within(db.pool.query('SELECT 1 AS one'), 2_000);
  expect(pooled === TIMEOUT ? TIMEOUT : pooled.rows).toEqual([{ one: 1 }]);
}

describe('the embedded database under concurrent requests', () => {
  it('20 simultaneous actions on one case: one wins, the others are refused, none fails or hangs', async () => {
    const id = await newCase();
    const outcomes = await all(Array.from({ length: 20 }, () => ({
      kind: 'verify', send: () => send(t.as(worker), 'POST', `/api/v1/incidents/${id}/actions`, { action: 'verify' }),
    })));
    expect(outcomes.filter((o) => o.status === 'no answer' || (o.status as number) >= 500)).toEqual([]);
    expect(outcomes.map((o) => o.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    const { rows } = await db.pool.query(`SELECT status, version::int AS version FROM incident WHERE id = $1`, [id]);
    expect(rows[0]).toMatchObject({ status: 'verified' });
    const events = await db.pool.query(`SELECT count(*)::int AS n FROM incident_event WHERE incident_id = $1 AND action = 'verify'`, [id]);
    expect(events.rows[0].n).toBe(1);
    await expectNothingStuck();
  }, 300_000);

  it('200 mixed reads and writes all answer, none with a server error, and leave no connection stuck', async () => {
    const cases = await Promise.all(Array.from({ length: 10 }, (_, i) => newCase(`并发测试 ${i}`)));
    const [aCase] = cases;
    const { rows: [other] } = await db.pool.query(`SELECT code FROM grid WHERE valid_to IS NULL ORDER BY code OFFSET 40 LIMIT 1`);
    let clients = 0;
    const kinds: Record<string, { expect: number[]; send: (i: number) => Promise<JsonAnswer> }> = {
      'list': { expect: [200], send: () => send(t.as('commander'), 'GET', '/api/v1/incidents?limit=20') },
      'list street': { expect: [200], send: () => send(t.as(dispatcher), 'GET', `/api/v1/incidents?street=${here.streetCode}&limit=10`) },
      'case': { expect: [200], send: () => send(t.as(worker), 'GET', `/api/v1/incidents/${aCase}`) },
      'kpis': { expect: [200], send: () => send(t.as(dispatcher), 'GET', `/api/v1/kpis?level=street&code=${here.streetCode}`) },
      'kpis district': { expect: [200], send: () => send(t.as('commander'), 'GET', `/api/v1/kpis?level=district&code=320111`) },
      'stats': { expect: [200], send: () => send(t.as('commander'), 'GET', `/api/v1/stats?level=street&code=${here.streetCode}`) },
      'lookup': { expect: [200], send: () => send(t.app, 'GET', `/api/v1/lookup?lon=${here.lon}&lat=${here.lat}`) },
      'grid': { expect: [200], send: () => send(t.app, 'GET', `/api/v1/grids/${other.code}`) },
      'report': {
        expect: [201],
        send: (i) => send(t.app, 'POST', '/api/v1/public/reports', {
          category: '07001', lon: here.lon, lat: here.lat, description: `并发上报 ${i}`, name: '欧阳娜娜', phone: '13912345678',
        }, {}, `10.77.${Math.floor(++clients / 250)}.${clients % 250}`),
      },
      'message': { expect: [201], send: (i) => send(t.as('commander'), 'POST', `/api/v1/incidents/${aCase}/messages`, { body: `消息 ${i}` }) },
      'action': { expect: [200, 409], send: (i) => send(t.as(worker), 'POST', `/api/v1/incidents/${cases[Math.floor(i / names.length) % cases.length]}/actions`, { action: 'verify' }) },
      'new case': { expect: [201], send: (i) => send(t.as(worker), 'POST', '/api/v1/incidents', {
        source: 'patrol', category: '09009', lon: here.lon, lat: here.lat, description: `并发新案 ${i}`,
      }) },
    };
    const names = Object.keys(kinds);
    const requests = Array.from({ length: 200 }, (_, i) => ({ kind: names[i % names.length], send: () => kinds[names[i % names.length]].send(i) }));
    const outcomes = await all(requests);
    expect(outcomes.filter((o) => o.status === 'no answer' || (o.status as number) >= 500).map(({ ms: _, ...o }) => o)).toEqual([]);
    expect(outcomes.filter((o) => !kinds[o.kind].expect.includes(o.status as number))).toEqual([]);
    // Every case was verified exactly once, however many of the actions raced for it.
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM incident_event WHERE action = 'verify' AND incident_id = ANY($1::bigint[])`, [cases]);
    expect(rows[0].n).toBe(cases.length);
    expect(outcomes.filter((o) => o.kind === 'action' && o.status === 200)).toHaveLength(cases.length);
    await expectNothingStuck();
  }, 300_000);
});
