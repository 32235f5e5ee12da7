/**
 * Query latencies over whatever the database holds (`npm run bench:queries`, DATABASE_URL; run
 * after `npm run bench:ingest -- --rows 9700000 --keep` against its database for full scale):
 * statistics of every street, a sample of grids and the district, and the first page of a
 * category's records in a grid, as the API runs them. Prints median and max per kind.
 */
import { config } from '../../api/config.ts';
import { connect } from '../../api/db/database.ts';
import { entityPage, matchCount, orderFor, PAGE_SORTABLE } from '../../api/entities/queries.ts';
import { getStats } from '../../api/stats/queries.ts';
import { Random } from '../../seeds/random.ts';
import { percentile, printTable } from './report.ts';

if (!config.databaseUrl) {
  console.error('bench:queries measures the real PostGIS: set DATABASE_URL');
  process.exit(2);
}
const db = connect(config.databaseUrl, 'postgres', 4);
const random = new Random(config.seed);
const SAMPLES = 100;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

try {
  const [{ n: records }] = (await db.pool.query<{ n: number }>('SELECT sum(n)::float8 AS n FROM grid_category_count')).rows;
  const streets = (await db.pool.query<{ code: string }>(`SELECT code FROM division WHERE level = 'street' ORDER BY code`)).rows;
  const district = (await db.pool.query<{ code: string }>(`SELECT code FROM division WHERE level = 'district'`)).rows[0];
  const pairs = (await db.pool.query<{ grid: string; category: string }>(
    `SELECT grid_code AS grid, category_code AS category FROM grid_category_count WHERE grid_code <> '' AND n > 0`,
  )).rows;
  const sample = Array.from({ length: SAMPLES }, () => pairs[Math.floor(random.next() * pairs.length)]);

  // One round first, so every kind is measured warm.
  for (const p of sample.slice(0, 5)) await entityPage(db.pool, { grid: p.grid, category: p.category }, 0, 50);
  const rows: (string | number)[][] = [];
  const measure = async (kind: string, runs: (() => Promise<unknown>)[]) => {
    const ms: number[] = [];
    for (const run of runs) ms.push(await timed(run));
    ms.sort((a, b) => a - b);
    rows.push([kind, String(runs.length), percentile(ms, 50).toFixed(1), ms[ms.length - 1].toFixed(1)]);
  };
  await measure('stats: a grid', sample.map((p) => () => getStats(db.pool, 'grid', p.grid)));
  await measure('stats: a street', streets.map((s) => () => getStats(db.pool, 'street', s.code)));
  await measure('stats: the district', Array.from({ length: 5 }, () => () => getStats(db.pool, 'district', district.code)));
  await measure('a category in a grid, first page of 50', sample.map((p) => async () => {
    const filter = { grid: p.grid, category: p.category };
    await entityPage(db.pool, filter, 0, 50, false, orderFor(await matchCount(db.pool, filter), PAGE_SORTABLE));
  }));
  printTable(['query', 'runs', 'median ms', 'max ms'], rows);
  console.log(`\n${records.toLocaleString('en')} records`);
} finally {
  await db.close();
}
