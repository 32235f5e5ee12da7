/**
 * Benchmark of case creation on the real PostGIS (`npm run bench:incidents`, needs DATABASE_URL).
 *
 * Ours: POST /api/v1/incidents on the API server (a separate process) loaded by autocannon,
 * first with a unique Idempotency-Key per request, then a retry storm (every key sent 3 times,
 * concurrently). Then the database is counted: every 2xx answer's case must exist (none lost)
 * and every key must have exactly one case (none duplicated).
 * Baseline, in the same run: the same rows by plain SQL INSERT (case and its event in one
 * statement) over a pg pool, without HTTP, validation, grid lookup or idempotency; like ours it
 * keeps the tile notification out of its transaction (sql/015), and sends none at all.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { config } from '../../api/config.ts';
import { connect } from '../../api/db/database.ts';
import { migrate } from '../../api/db/migrate.ts';
import { h3Cell } from '../../api/entities/h3.ts';
import { seedPukou } from '../../seeds/seed.ts';
import { Random } from '../../seeds/random.ts';
import { percentile, printTable } from './report.ts';
import { samplePointsInGrids, sessionHeader, startServerProcess } from './setup.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const STORM_KEYS = Number(process.env.BENCH_STORM_KEYS ?? 3_000);
const PORT = Number(process.env.BENCH_PORT ?? 18182);
const TARGET = 1_000;
const CATEGORIES = ['06010', '09009', '07001', '06036', '09006', '01037', '06042', '08004'];

if (!config.databaseUrl) {
  console.error('bench:incidents measures the real PostGIS: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lianqin)');
  process.exit(2);
}
const db = connect(config.databaseUrl, 'postgres', CONNECTIONS);
await migrate(db.pool);
await seedPukou(db, { scale: 'demo', seed: config.seed });
const run = randomUUID().slice(0, 8);


const points = await samplePointsInGrids(db.pool, 20_000, 4);
// The district command centre registers cases anywhere; every request checks its session.
const session = await sessionHeader(db.pool, 'commander');
const caseBody = (n: number, key: string) => {
  const [lon, lat] = points[n % points.length];
  return JSON.stringify({
    source: 'patrol', category: CATEGORIES[n % CATEGORIES.length], lon, lat, description: `bench ${run} ${key}`,
  });
};

interface Answers {
  /** key → ids answered (2xx) */
  ids: Map<string, number[]>;
  failed: number;
}

/**
 * Loads POST /incidents; the n-th request is case `caseOf(n)` with key `keys(case)`, so a case
 * sent several times is a retry: same key, same body.
 */
async function load(caseOf: (n: number) => number, keyOf: (c: number) => string, options: { seconds?: number; amount?: number }) {
  const answers: Answers = { ids: new Map(), failed: 0 };
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}`,
    connections: CONNECTIONS,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? SECONDS }),
    requests: [
      {
        method: 'POST',
        path: '/api/v1/incidents',
        setupRequest: (request, context) => {
          const n = caseOf(next++);
          const key = keyOf(n);
          (context as { key?: string }).key = key;
          return { ...request, headers: { 'content-type': 'application/json', 'idempotency-key': key, ...session }, body: caseBody(n, key) };
        },
        onResponse: (status, body, context) => {
          if (status !== 201) {
            answers.failed++;
            return;
          }
          const key = (context as { key: string }).key;
          answers.ids.set(key, [...(answers.ids.get(key) ?? []), JSON.parse(body).id]);
        },
      },
    ],
  });
  const answered = [...answers.ids.values()].reduce((sum, ids) => sum + ids.length, 0);
  return { answers, perSecond: answered / (result.duration || SECONDS), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Lost: a 2xx id with no case. Duplicated: a key with more than one case, or answered with two ids. */
async function verify(answers: Answers) {
  const keys = [...answers.ids.keys()];
  const ids = [...new Set([...answers.ids.values()].flat())];
  const lost = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM unnest($1::bigint[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM incident i WHERE i.id = a.id)',
    [ids],
  );
  const perKey = await db.pool.query<{ n: number; keys: number }>(
    `SELECT count(*) FILTER (WHERE n > 1)::int AS n, count(*)::int AS keys FROM (
       SELECT description, count(*) AS n FROM incident WHERE description = ANY($1::text[]) GROUP BY description) d`,
    [keys.map((k) => `bench ${run} ${k}`)],
  );
  const split = [...answers.ids.values()].filter((list) => new Set(list).size > 1).length;
  return { lost: lost.rows[0].n, duplicated: perKey.rows[0].n + split, keysWithCase: perKey.rows[0].keys, keys: keys.length };
}

/** The baseline: the same case and its first event, one INSERT statement per case, over the pool. */
async function baseline() {
  const latencies: number[] = [];
  const until = Date.now() + SECONDS * 1000;
  let n = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const i = n++;
      const [lon, lat] = points[i % points.length];
      const t0 = performance.now();
      await db.pool.query(
        `WITH created AS (
           INSERT INTO incident (id, ticket, source, category_code, priority, status, level, geom, h3_r10, grid_code, community_code,
                                 street_code, description, reported_by, created_at, updated_at)
           SELECT n.id, incident_ticket(now(), n.id), 'patrol', $1, 'normal', 'reported', 'grid', ST_SetSRID(ST_MakePoint($2, $3), 4326), $5,
                  '320111001001001', '320111001001', '320111001', $4, 'bench', now(), now()
           FROM (SELECT nextval('incident_id_seq') AS id, set_config('lianqin.tile_notify', 'after_commit', true)) n RETURNING id)
         INSERT INTO incident_event (incident_id, seq, action, to_status, to_level, actor_role, actor_name, at)
         SELECT id, 1, 'report', 'reported', 'grid', 'grid_worker', 'bench', now() FROM created`,
        [CATEGORIES[i % CATEGORIES.length], lon, lat, `bench ${run} baseline ${i}`, h3Cell(lat, lon)],
      );
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  latencies.sort((a, b) => a - b);
  return { perSecond: latencies.length / SECONDS, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

console.log(`run ${run}: ${SECONDS} s per load test, ${CONNECTIONS} connections, retry storm of ${STORM_KEYS.toLocaleString('en')} keys × 3`);
const stopServer = await startServerProcess(PORT);
try {
  const uniqueKeys = new Map<number, string>();
  const keyOfCase = (n: number) => uniqueKeys.get(n) ?? uniqueKeys.set(n, randomUUID()).get(n)!;
  await load((n) => n, () => randomUUID(), { seconds: 2 }); // warm-up
  const unique = await load((n) => n, keyOfCase, {});
  const stormKeys = Array.from({ length: STORM_KEYS }, () => randomUUID());
  const storm = await load((n) => Math.floor(n / 3), (c) => stormKeys[c], { amount: STORM_KEYS * 3 });
  const checkUnique = await verify(unique.answers);
  const checkStorm = await verify(storm.answers);
  const base = await baseline();
  printTable(
    ['POST /api/v1/incidents', 'answers/s', 'p50 ms', 'p99 ms', 'non-2xx', 'lost', 'duplicated'],
    [
      ['unique Idempotency-Keys (cases/s)', unique.perSecond, unique.p50, unique.p99, unique.errors, checkUnique.lost, checkUnique.duplicated],
      ['retry storm (each key 3×)', storm.perSecond, storm.p50, storm.p99, storm.errors, checkStorm.lost, checkStorm.duplicated],
      ['SQL INSERT (baseline, cases/s)', base.perSecond, base.p50, base.p99, 0, '-', '-'],
      ['ratio ours / baseline', unique.perSecond / base.perSecond, unique.p50 / base.p50, unique.p99 / base.p99, '', '', ''],
    ],
  );
  console.log(`\nretry storm: ${checkStorm.keys.toLocaleString('en')} keys answered, ${checkStorm.keysWithCase.toLocaleString('en')} cases created`);
  console.log(`target: >= ${TARGET.toLocaleString('en')} cases/s with zero lost and zero duplicated`);
  const ok = unique.perSecond >= TARGET && !unique.errors && !storm.errors && !checkUnique.lost && !checkUnique.duplicated
    && !checkStorm.lost && !checkStorm.duplicated && checkStorm.keysWithCase === STORM_KEYS;
  console.log(ok ? 'PASS' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  stopServer();
  await db.close();
}
