/**
 * Latency of the hotspot analyses over HTTP, as the analyst's map asks for them: the district's
 * Gi* hotspots at resolution 9 over the last year, and its emerging hotspots over 52 weeks.
 * Targets (2 cores, ≥ 1M cases): hotspots < 300 ms, emerging < 2 s.
 *
 *   DATABASE_URL=postgres://… npx tsx scripts/bench/analytics.ts [--runs N]
 *
 * Run alone, it starts the API server on the database DATABASE_URL names (loaded beforehand;
 * nothing is seeded) and measures as the demo's analyst; `measureAnalyticsLatency` measures a
 * server already running.
 */
import { parseArgs } from 'node:util';
import { config } from '../../api/config.ts';
import { connect } from '../../api/db/database.ts';
import { percentile, printTable } from './report.ts';
import { sessionHeader, startServerProcess } from './setup.ts';

export interface Latency {
  endpoint: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
}

/** GETs each analysis `runs` times (after one warm-up) and prints and returns p50 / p95 in ms. */
export async function measureAnalyticsLatency(baseUrl: string, headers: Record<string, string>, options: { runs?: number; to?: Date } = {}): Promise<Latency[]> {
  const runs = options.runs ?? 10;
  const to = options.to ?? new Date();
  const yearAgo = new Date(to.getTime() - 365 * 86_400_000);
  const endpoints = [
    `/api/v1/analytics/hotspots?res=9&k=1&from=${yearAgo.toISOString()}&to=${to.toISOString()}`,
    `/api/v1/analytics/emerging?res=9&step=week&steps=52&to=${to.toISOString()}`,
  ];
  const results: Latency[] = [];
  for (const endpoint of endpoints) {
    const get = async () => {
      const started = performance.now();
      const response = await fetch(baseUrl + endpoint, { headers });
      if (!response.ok) throw new Error(`${endpoint}: ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      return performance.now() - started;
    };
    await get();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push(await get());
    ms.sort((a, b) => a - b);
    results.push({ endpoint: endpoint.split('?')[0], runs, p50: percentile(ms, 50), p95: percentile(ms, 95), max: ms[ms.length - 1] });
  }
  printTable(['endpoint', 'runs', 'p50 ms', 'p95 ms', 'max ms'], results.map((r) => [r.endpoint, String(r.runs), r.p50, r.p95, r.max]));
  return results;
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, port: { type: 'string' } } });
  if (!config.databaseUrl) {
    console.error('bench:analytics measures the real PostGIS: set DATABASE_URL to a loaded database');
    process.exit(2);
  }
  const db = connect(config.databaseUrl, 'postgres', 2);
  const port = Number(values.port ?? 3187);
  let stop: (() => void) | undefined;
  try {
    const { rows } = await db.pool.query<{ n: number; last: Date }>('SELECT count(*)::float8 AS n, max(created_at) AS last FROM incident');
    console.log(`${rows[0].n.toLocaleString('en')} cases, the last at ${rows[0].last.toISOString()}`);
    const headers = await sessionHeader(db.pool, 'analyst');
    stop = await startServerProcess(port);
    await measureAnalyticsLatency(`http://127.0.0.1:${port}`, headers, { runs: Number(values.runs ?? 10), to: new Date(rows[0].last.getTime() + 1000) });
  } finally {
    stop?.();
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
