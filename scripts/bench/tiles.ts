/**
 * Benchmark of the vector tiles on the real PostGIS (`npm run bench:tiles`, needs DATABASE_URL).
 *
 * A fixed, seeded list of case tiles at zooms 10–16, picked at the points of random cases (so
 * dense areas are asked for more), over ≥ 1M cases (the demo seed plus synthetic copies of its
 * cases, tile-load.ts). Measured in one run, at the same concurrency:
 * - ours cold: GET /tiles/incidents/{z}/{x}/{y}.mvt from a server process with no tile cache,
 *   signed in as the district command centre (row-level security on, as for every case read);
 * - ours warm: the same from a server process with the cache, after one pass has filled it;
 * - the floor: the database's own ST_AsMVT(ST_AsMVTGeom(…)) over the same tiles and properties,
 *   straight on pg (what Martin and pg_tileserv serve for a table);
 * - the write path: single-case UPDATEs with sql/013's trigger on and off;
 * - hotspot and emerging-hotspot latency over HTTP (scripts/bench/analytics.ts).
 */
import { config } from '../../api/config.ts';
import { connect } from '../../api/db/database.ts';
import { migrate } from '../../api/db/migrate.ts';
import { seedPukou } from '../../seeds/seed.ts';
import { Random } from '../../seeds/random.ts';
import { tileAt } from '../../api/tiles/test-support.ts';
import type { Tile } from '../../api/tiles/layer.ts';
import { measureAnalyticsLatency } from './analytics.ts';
import { percentile, printTable } from './report.ts';
import { sessionHeader, startServerProcess } from './setup.ts';
import { loadSyntheticCases } from './tile-load.ts';
import { keepDemoCurrent } from '../../seeds/pukou/incidents/shift.ts';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const TILES_PER_ZOOM = Number(process.env.BENCH_TILES_PER_ZOOM ?? 20);
const CONCURRENCY = Number(process.env.BENCH_CONNECTIONS ?? 4);
const WARM_PASSES = Number(process.env.BENCH_WARM_PASSES ?? 10);
const PORT = Number(process.env.BENCH_PORT ?? 18191);
const ZOOMS = [10, 11, 12, 13, 14, 15, 16];

if (!config.databaseUrl) {
  console.error('bench:tiles measures the real PostGIS: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lianqin_tiles)');
  process.exit(2);
}
const log = (m: string) => console.log(m);
const db = connect(config.databaseUrl, 'postgres', CONCURRENCY + 2);
await migrate(db.pool);
await seedPukou(db, { scale: 'demo', seed: config.seed });
await loadSyntheticCases(db.pool, CASES, config.seed, log);
// A bench database loaded days ago: the demo's move forward happens here, not inside a server's start.
const moved = await keepDemoCurrent(db.pool);
if (moved) log(`demo cases moved ${moved.weeks} week(s) forward: ${moved.cases.toLocaleString('en')} cases`);
const { rows: [{ cases }] } = await db.pool.query(`SELECT count(*)::int AS cases FROM incident`);

/** The tile list: for each zoom, the tiles holding TILES_PER_ZOOM random cases. */
async function tileList(): Promise<Tile[]> {
  const random = new Random(config.seed);
  const { rows: [{ max }] } = await db.pool.query(`SELECT max(id)::int AS max FROM incident`);
  const ids = Array.from({ length: ZOOMS.length * TILES_PER_ZOOM * 2 }, () => random.int(1, max));
  const { rows } = await db.pool.query(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM unnest($1::bigint[]) WITH ORDINALITY AS p(id, k)
    JOIN incident i ON i.id = p.id WHERE geom IS NOT NULL ORDER BY k`, [ids]);
  return ZOOMS.flatMap((z, zi) => rows.slice(zi * TILES_PER_ZOOM, (zi + 1) * TILES_PER_ZOOM).map((r) => tileAt(r.lon, r.lat, z)));
}

interface Run { tilesPerSecond: number; p50: number; p99: number; bytes: number }

/** Runs `fetchTile` over the list `passes` times with CONCURRENCY workers. */
async function measure(tiles: Tile[], passes: number, fetchTile: (t: Tile) => Promise<number>): Promise<Run> {
  const work = Array.from({ length: passes }, () => tiles).flat();
  const latencies: number[] = [];
  let bytes = 0;
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < work.length) {
      const tile = work[next++];
      const start = performance.now();
      const size = await fetchTile(tile);
      bytes += size;
      latencies.push(performance.now() - start);
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { tilesPerSecond: work.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), bytes: bytes / work.length };
}

/** The floor: the database's ST_AsMVT for the same tile and properties. */
const FLOOR_SQL = `SELECT ST_AsMVT(t, 'incidents', 4096, 'geom', 'id') AS mvt FROM (
  SELECT id, category_code AS category, source, status, priority, level, floor(extract(epoch FROM created_at))::float8 AS created_at,
         ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom
  FROM incident WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 4326)) t
  WHERE geom IS NOT NULL`;
const floorTile = async ({ z, x, y }: Tile) => ((await db.pool.query(FLOOR_SQL, [z, x, y])).rows[0].mvt?.length ?? 0);

async function ourTile(port: number, headers: Record<string, string>, { z, x, y }: Tile): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/tiles/incidents/${z}/${x}/${y}.mvt`, { headers });
  if (response.status !== 200 && response.status !== 204) throw new Error(`tile ${z}/${x}/${y}: ${response.status}`);
  return (await response.arrayBuffer()).byteLength;
}

/** Single-case updates (as a case action makes them), sql/013's statement trigger on and off. */
async function writePath(): Promise<[string, number, number][]> {
  const n = 2000;
  const { rows } = await db.pool.query(`SELECT id FROM incident ORDER BY id LIMIT $1`, [n]);
  const run = async () => {
    const t0 = performance.now();
    for (const { id } of rows) await db.pool.query(`UPDATE incident SET updated_at = updated_at WHERE id = $1`, [id]);
    return ((performance.now() - t0) * 1000) / n;
  };
  await run();
  const withTrigger = await run();
  await db.pool.query('ALTER TABLE incident DISABLE TRIGGER incident_tiles');
  const without = await run();
  await db.pool.query('ALTER TABLE incident ENABLE TRIGGER incident_tiles');
  return [['single-case UPDATE (µs)', withTrigger, without]];
}

/** The district's hotspots (a year, res 9) and emerging hotspots (52 weeks) over the same cases, as the analyst asks. */
async function analyticsLatency(): Promise<void> {
  const { rows } = await db.pool.query<{ last: Date }>('SELECT max(created_at) AS last FROM incident');
  const stopServer = await startServerProcess(PORT + 2);
  try {
    await measureAnalyticsLatency(`http://127.0.0.1:${PORT + 2}`, await sessionHeader(db.pool, 'analyst'), { to: new Date(rows[0].last.getTime() + 1000) });
  } finally {
    stopServer();
  }
}

const tiles = await tileList();
const load = (await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ');
log(`${cases.toLocaleString('en')} cases; ${tiles.length} tiles at zooms ${ZOOMS[0]}–${ZOOMS.at(-1)}; concurrency ${CONCURRENCY}; load average ${load}`);

// One untimed pass first, so that neither row runs on buffers the other has warmed.
await measure(tiles, 1, floorTile);
const floor = await measure(tiles, 1, floorTile);
const session = await sessionHeader(db.pool, 'commander');

let stop = await startServerProcess(PORT, { TILE_CACHE_MB: '0' });
const cold = await measure(tiles, 1, (t) => ourTile(PORT, session, t));
stop();
stop = await startServerProcess(PORT + 1, { TILE_CACHE_MB: '512' });
await measure(tiles, 1, (t) => ourTile(PORT + 1, session, t));
const warm = await measure(tiles, WARM_PASSES, (t) => ourTile(PORT + 1, session, t));
stop();

printTable(['incidents tiles', 'tiles/s', 'p50 ms', 'p99 ms', 'avg bytes', '× floor'], [
  ['floor: ST_AsMVT on pg', floor.tilesPerSecond, floor.p50, floor.p99, floor.bytes, 1],
  ['ours, cold (no cache)', cold.tilesPerSecond, cold.p50, cold.p99, cold.bytes, cold.tilesPerSecond / floor.tilesPerSecond],
  ['ours, warm (cached)', warm.tilesPerSecond, warm.p50, warm.p99, warm.bytes, warm.tilesPerSecond / floor.tilesPerSecond],
]);
console.log(`targets: cold ≥ 1.0× floor, warm ≥ 10× floor; load average after: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
printTable(['write path', 'trigger on', 'trigger off'], await writePath());
console.log('analytics (targets: hotspots < 300 ms, emerging < 2 s):');
await analyticsLatency();
await db.close();
