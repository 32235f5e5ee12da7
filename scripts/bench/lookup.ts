/**
 * Benchmark of grid lookup on the real PostGIS (`npm run bench:lookup`, needs DATABASE_URL).
 *
 * Ours: the HTTP API (a separate server process, loaded from this one) — single-point
 * GET /api/v1/lookup flat out (autocannon) and at a constant 5,000 requests/s (open loop),
 * and batch POST /api/v1/lookup.
 * The floor at 5,000/s, in the same run: a bare Node server answering each request with one
 * lookup answer's bytes (bare-server.ts), in rounds alternating with ours.
 * Baseline, in the same run: a plain SQL `ST_Contains` query against the same PostGIS, one
 * point per query over a pool of connections, and one query over a whole batch.
 */
import http from 'node:http';
import autocannon from 'autocannon';
import { config } from '../../api/config.ts';
import { connect } from '../../api/db/database.ts';
import { migrate } from '../../api/db/migrate.ts';
import { seedPukou } from '../../seeds/seed.ts';
import { constantRate } from './constant-rate.ts';
import { percentile, printTable } from './report.ts';
import { startBareServer } from './bare-server.ts';
import { samplePointsInGrids, sessionHeader, startServerProcess, type StopServer } from './setup.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BATCH = 100_000;
const BATCH_ROUNDS = Number(process.env.BENCH_BATCH_ROUNDS ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 18181);
const TARGET_RATE = 5_000;
const RATE_ROUNDS = Number(process.env.BENCH_RATE_ROUNDS ?? 2);
const SETTLE_SECONDS = 2;
const CONTAINS_SQL = `SELECT code FROM grid WHERE valid_to IS NULL
                      AND ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`;

if (!config.databaseUrl) {
  console.error('bench:lookup measures the real PostGIS: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lianqin)');
  process.exit(2);
}
const db = connect(config.databaseUrl, 'postgres', 16);
await migrate(db.pool);
await seedPukou(db, { scale: 'demo', seed: config.seed });


/** Single-point lookups from autocannon, flat out. */
async function httpSingle(points: number[][], { seconds = SECONDS }: { seconds?: number } = {}) {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const [lon, lat] = points[next++ % points.length];
          return { ...request, headers: { ...request.headers, ...session }, path: `/api/v1/lookup?lon=${lon}&lat=${lat}` };
        },
      },
    ],
  });
  if (result.non2xx || result.errors) throw new Error(`lookup load test had ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function sqlSingle(points: number[][]) {
  const latencies: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  let next = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const [lon, lat] = points[next++ % points.length];
      const t0 = performance.now();
      await db.pool.query(CONTAINS_SQL, [lon, lat]);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / SECONDS, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function timedRounds(run: () => Promise<void>): Promise<{ pointsPerSecond: number; msPerBatch: number }> {
  await run(); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < BATCH_ROUNDS; i++) await run();
  const ms = (performance.now() - t0) / BATCH_ROUNDS;
  return { pointsPerSecond: (BATCH / ms) * 1000, msPerBatch: ms };
}

/**
 * Batches over Node's http client, the answer read and dropped chunk by chunk: the server's work
 * is measured, not the client's. Through fetch, reading the ~24 MB answer took the client about
 * as much CPU as the server took to make it, on the same two cores.
 */
function httpBatch(points: number[][]) {
  const body = Buffer.from(JSON.stringify({ points: points.slice(0, BATCH) }));
  const agent = new http.Agent({ keepAlive: true });
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length), ...session };
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port: PORT, path: '/api/v1/lookup', method: 'POST', agent, headers }, (response) => {
        let head = '';
        response.on('data', (chunk: Buffer) => {
          if (head.length < 100) head += chunk.subarray(0, 100).toString('latin1');
        });
        response.on('end', () => (head.startsWith(`{"count":${BATCH},`) ? resolve() : reject(new Error(`batch answered ${head}`))));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  return timedRounds(post).finally(() => agent.destroy());
}

function sqlBatch(points: number[][]) {
  const batch = points.slice(0, BATCH);
  const xs = batch.map((p) => p[0]);
  const ys = batch.map((p) => p[1]);
  return timedRounds(async () => {
    const { rowCount } = await db.pool.query(
      `SELECT p.i, g.code FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(x, y, i)
       LEFT JOIN LATERAL (SELECT code FROM grid WHERE valid_to IS NULL
                          AND ST_Contains(geom, ST_SetSRID(ST_MakePoint(p.x, p.y), 4326)) LIMIT 1) g ON true
       ORDER BY p.i`,
      [xs, ys],
    );
    if (rowCount !== BATCH) throw new Error(`SQL batch answered ${rowCount} rows`);
  });
}

interface AtRate {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** The server process's CPU time per answered request, µs. */
  cpuPerRequest: number;
  clientCpu: number;
}

const row = (r: AtRate) => [r.perSecond, r.p50, r.p99, r.max, r.cpuPerRequest, `${Math.round(r.clientCpu * 100)} %`];

/**
 * Each server at the target rate, open loop, in alternating rounds (the machine is shared, so
 * each round of one is next to a round of the other); the rounds' latencies are pooled.
 */
async function atTargetRate(servers: { name: string; port: number; server: StopServer }[]): Promise<Record<string, AtRate>> {
  const runs: Record<string, { latencies: number[]; errors: number; perSecond: number[]; cpu: number; answered: number; clientCpu: number[] }> = {};
  for (let round = 0; round < RATE_ROUNDS; round++) {
    for (const { name, port, server } of servers) {
      const run = (runs[name] ??= { latencies: [], errors: 0, perSecond: [], cpu: 0, answered: 0, clientCpu: [] });
      const cpu0 = server.cpuSeconds();
      const result = await constantRate({ host: '127.0.0.1', port, rate: TARGET_RATE, seconds: SECONDS / RATE_ROUNDS, settleSeconds: SETTLE_SECONDS, headers: session, path: pointPath });
      run.cpu += server.cpuSeconds() - cpu0;
      run.answered += Math.round(TARGET_RATE * (SECONDS / RATE_ROUNDS + SETTLE_SECONDS)); // settling requests cost the server too
      if (result.errors) throw new Error(`${result.errors} requests to ${name} failed at ${TARGET_RATE}/s`);
      run.latencies.push(...result.latencies);
      run.perSecond.push(result.perSecond);
      run.clientCpu.push(result.clientCpu);
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return Object.fromEntries(
    Object.entries(runs).map(([name, run]) => {
      const sorted = run.latencies.sort((a, b) => a - b);
      return [name, {
        perSecond: mean(run.perSecond),
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        max: sorted.at(-1)!,
        cpuPerRequest: (run.cpu / run.answered) * 1e6,
        clientCpu: mean(run.clientCpu),
      }];
    }),
  );
}

const points = await samplePointsInGrids(db.pool, BATCH, 42);
// Signed in as an analyst: every request pays for checking its session.
const session = await sessionHeader(db.pool, 'analyst');
console.log(`${points.length.toLocaleString('en')} lookup points inside the grids; ${SECONDS} s per load test, ${CONNECTIONS} connections`);
const stopServer = await startServerProcess(PORT);
const pointPath = (i: number) => `/api/v1/lookup?lon=${points[i % points.length][0]}&lat=${points[i % points.length][1]}`;
// The floor: a bare Node server answering every request with one lookup answer's bytes.
const sampleAnswer = Buffer.from(await (await fetch(`http://127.0.0.1:${PORT}${pointPath(0)}`, { headers: session })).arrayBuffer());
const stopBare = await startBareServer(PORT + 1, sampleAnswer);
try {
  await httpSingle(points, { seconds: 2 }); // warm-up
  const ours = await httpSingle(points);
  const atTarget = await atTargetRate([
    { name: 'ours', port: PORT, server: stopServer },
    { name: 'floor', port: PORT + 1, server: stopBare },
  ]);
  const baseline = await sqlSingle(points);
  const oursBatch = await httpBatch(points);
  const baselineBatch = await sqlBatch(points);
  printTable(
    ['single point', 'requests/s', 'p50 ms', 'p99 ms'],
    [
      ['HTTP GET /api/v1/lookup, flat out', ours.perSecond, ours.p50, ours.p99],
      ['SQL ST_Contains (baseline)', baseline.perSecond, baseline.p50, baseline.p99],
      ['ratio ours / baseline', ours.perSecond / baseline.perSecond, ours.p50 / baseline.p50, ours.p99 / baseline.p99],
    ],
  );
  const rate = TARGET_RATE.toLocaleString('en');
  printTable(
    [`single point at ${rate}/s (open loop)`, 'answered/s', 'p50 ms', 'p99 ms', 'max ms', 'server CPU µs/req', 'client CPU'],
    [
      [`HTTP GET /api/v1/lookup at ${rate}/s`, ...row(atTarget.ours)],
      [`bare Node server, same answer (floor)`, ...row(atTarget.floor)],
      ['ratio ours / floor', atTarget.ours.perSecond / atTarget.floor.perSecond, atTarget.ours.p50 / atTarget.floor.p50,
        atTarget.ours.p99 / atTarget.floor.p99, atTarget.ours.max / atTarget.floor.max, atTarget.ours.cpuPerRequest / atTarget.floor.cpuPerRequest, ''],
    ],
  );
  printTable(
    [`batch of ${BATCH.toLocaleString('en')}`, 'points/s', 'ms per batch'],
    [
      ['HTTP POST /api/v1/lookup', oursBatch.pointsPerSecond, oursBatch.msPerBatch],
      ['SQL ST_Contains join (baseline)', baselineBatch.pointsPerSecond, baselineBatch.msPerBatch],
      ['ratio ours / baseline', oursBatch.pointsPerSecond / baselineBatch.pointsPerSecond, oursBatch.msPerBatch / baselineBatch.msPerBatch],
    ],
  );
  console.log(`targets: single >= 5,000 requests/s with p99 < 5 ms; batch >= 500,000 points/s`);
} finally {
  stopServer();
  stopBare();
  await db.close();
}
