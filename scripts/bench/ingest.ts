/**
 * Ingest benchmark on the real PostGIS (`npm run bench:ingest -- [--rows 1000000] [--rounds 3] [--keep]`,
 * needs DATABASE_URL with a superuser; works in a database of its own, `<name>_ingest_bench`).
 *
 * One CSV of new records in the district (seed generator, ingest-csv.ts; reused when it exists)
 * is loaded, round after round:
 *   ogr2ogr: GDAL into a fresh table with a GiST index (PG_USE_COPY), the reference loader;
 *   ours:    `npm run import` (scripts/import.ts, a process of its own) into entity, which holds
 *            the demo: decoding, validation, grid assignment, H3, the load table, the merge
 *            transaction with entity's constraints and indexes, the statistics.
 * Between rounds the imported records are deleted again, so each import meets the same entity.
 * Prints rows/s of each, the ratio ours/ogr2ogr (median of the rounds) and our peak RSS, and the
 * PostgreSQL-only floor of any import that keeps entity's safeguards (ingest-floor.ts), then
 * checks in the catalog that entity's keys, foreign keys and indexes are all there and valid.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { config } from '../../api/config.ts';
import { connect } from '../../api/db/database.ts';
import { migrate } from '../../api/db/migrate.ts';
import { rebuildStats } from '../../api/stats/counts.ts';
import { seedPukou } from '../../seeds/seed.ts';
import { writeIngestCsv } from './ingest-csv.ts';
import { postgresFloor } from './ingest-floor.ts';
import { printTable } from './report.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } },
});
const rows = Number(values.rows);
const rounds = Number(values.rounds);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer, got ${values.rows}`);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
if (!config.databaseUrl) {
  console.error('bench:ingest measures the real PostGIS: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lianqin)');
  process.exit(2);
}

const log = (message: string) => console.log(`[bench:ingest] ${message}`);

/** A fresh database next to DATABASE_URL's, so the benchmark never touches real data. */
async function freshDatabase(url: string): Promise<URL> {
  const target = new URL(url);
  const name = `${target.pathname.slice(1) || 'postgres'}_ingest_bench`.replace(/[^a-z0-9_]/gi, '_');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  target.pathname = `/${name}`;
  return target;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ seconds: (performance.now() - started) / 1000, stdout }) : reject(new Error(`${command} exited with ${code}:\n${stdout}`))));
  });
}

const url = await freshDatabase(config.databaseUrl);
const db = connect(url.toString(), 'postgres', 4);
const file = path.join(os.tmpdir(), `lianqin-ingest-${rows}.csv`);
try {
  log(`database ${url.pathname.slice(1)}: migrating and loading the demo…`);
  await migrate(db.pool);
  await seedPukou(db, { scale: 'demo', seed: config.seed });
  await db.pool.query('VACUUM ANALYZE entity');
  const [{ n: before, max }] = (await db.pool.query<{ n: number; max: number }>('SELECT count(*)::int AS n, max(id)::float8 AS max FROM entity')).rows;
  if (fs.existsSync(file)) log(`reusing ${file}`);
  else {
    log(`generating ${rows.toLocaleString('en')} rows into ${file}…`);
    await writeIngestCsv(`${file}.part`, rows, config.seed);
    fs.renameSync(`${file}.part`, file);
  }
  const bytes = fs.statSync(file).size;

  const ogrTarget = `PG:host=${url.hostname} port=${url.port || 5432} user=${decodeURIComponent(url.username) || 'postgres'} dbname=${url.pathname.slice(1)}` +
    (url.password ? ` password=${decodeURIComponent(url.password)}` : '');
  const results: { ogr: number; ours: number; commit: number; merging: number; rss: number; inserted: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    await db.pool.query('DROP TABLE IF EXISTS ogr_bench');
    await db.pool.query('CHECKPOINT');
    log(`round ${round}/${rounds}: ogr2ogr into a fresh table with a GiST index…`);
    const ogr = await run('ogr2ogr', ['-f', 'PostgreSQL', ogrTarget, file, '-oo', 'X_POSSIBLE_NAMES=lon', '-oo', 'Y_POSSIBLE_NAMES=lat',
      '-a_srs', 'EPSG:4326', '-nln', 'ogr_bench', '-lco', 'SPATIAL_INDEX=GIST', '--config', 'PG_USE_COPY', 'YES']);
    const [{ n: loaded }] = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM ogr_bench')).rows;
    if (loaded !== rows) throw new Error(`ogr2ogr loaded ${loaded} rows, not ${rows}`);
    await db.pool.query('DROP TABLE ogr_bench');
    await db.pool.query('CHECKPOINT');

    log(`round ${round}/${rounds}: ours: npm run import into entity…`);
    const ours = await run(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file, '--format', 'csv'], { ...process.env, DATABASE_URL: url.toString() });
    const { rows: [job] } = await db.pool.query<{ seconds: number; merging: number; inserted: number; rejected: number }>(
      `SELECT extract(epoch FROM finished_at - started_at)::float8 AS seconds, extract(epoch FROM finished_at - merge_started_at)::float8 AS merging,
              rows_inserted::int AS inserted, rows_rejected::int AS rejected
       FROM import_job WHERE status = 'done' ORDER BY id DESC LIMIT 1`);
    if (job.inserted + job.rejected !== rows) throw new Error(`the import read ${job.inserted + job.rejected} rows, not ${rows}`);
    results.push({ ogr: ogr.seconds, ours: ours.seconds, commit: job.seconds, merging: job.merging, inserted: job.inserted, rss: Number(/peak RSS (\d+) MB/.exec(ours.stdout)?.[1] ?? NaN) });
    log(`  ogr2ogr ${ogr.seconds.toFixed(1)} s, ours ${ours.seconds.toFixed(1)} s (${job.inserted.toLocaleString('en')} inserted, ${job.rejected} rejected)`);
    if (round < rounds) {
      await db.pool.query('DELETE FROM entity WHERE id > $1', [max]);
      await rebuildStats(db.pool);
      await db.pool.query('VACUUM ANALYZE entity');
    }
  }

  log('the PostgreSQL-only floor: the rows of the last round by COPY into a fresh table, with the same keys and indexes…');
  const floor = await postgresFloor(db.pool, max);
  const floorSeconds = floor.reduce((sum, s) => sum + s.seconds, 0);

  const ratio = (r: (typeof results)[number]) => r.ogr / r.ours;
  const median = [...results].sort((a, b) => ratio(a) - ratio(b))[Math.floor((results.length - 1) / 2)];
  printTable(['load', 'seconds', 'rows/s', 'ours/ogr2ogr'], results.flatMap((r, i) => [
    [`round ${i + 1}: ogr2ogr, fresh table + GiST`, r.ogr, rows / r.ogr, ''],
    [`round ${i + 1}: ours, whole CLI process`, r.ours, rows / r.ours, ratio(r).toFixed(2)],
    ['  of which start to commit', r.commit, rows / r.commit, (r.ogr / r.commit).toFixed(2)],
    ['    reading, checking, staging', r.commit - r.merging, rows / (r.commit - r.merging), ''],
    ['    merge transaction', r.merging, rows / r.merging, ''],
  ]).concat([
    ['PostgreSQL-only floor (last round)', floorSeconds, rows / floorSeconds, (median.ogr / floorSeconds).toFixed(2)],
    ...floor.map((s) => [`  ${s.step}`, s.seconds, '', '']),
  ]));
  console.log(`\n${rows.toLocaleString('en')} rows (${(bytes / 1048576).toFixed(0)} MB CSV) into entity holding ${before.toLocaleString('en')}; ` +
    `import peak RSS ${Math.max(...results.map((r) => r.rss))} MB; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`ratio ours/ogr2ogr in rows/s (median of ${results.length}): ${ratio(median).toFixed(2)} (target ≥ 1.2); ` +
    `the PostgreSQL-only floor against the median round's ogr2ogr: ${(median.ogr / floorSeconds).toFixed(2)}`);

  // entity keeps its integrity: every key and index there and valid.
  const { rows: constraints } = await db.pool.query<{ name: string; type: string; valid: boolean }>(
    `SELECT conname AS name, contype AS type, convalidated AS valid FROM pg_constraint
     WHERE conrelid = 'entity'::regclass OR (confrelid = 'entity'::regclass AND contype = 'f')`);
  const { rows: indexes } = await db.pool.query<{ def: string; valid: boolean; ready: boolean }>(
    `SELECT pg_get_indexdef(indexrelid) AS def, indisvalid AS valid, indisready AS ready FROM pg_index WHERE indrelid = 'entity'::regclass`);
  const problems = [
    ...constraints.filter((c) => !c.valid).map((c) => `constraint ${c.name} is not validated`),
    ...indexes.filter((i) => !i.valid || !i.ready).map((i) => `index not valid: ${i.def}`),
  ];
  const has = (what: string, found: boolean) => found || problems.push(`entity has no ${what}`);
  has('foreign key to category', constraints.some((c) => c.type === 'f' && c.name.includes('category')));
  has('foreign key from city_component', constraints.some((c) => c.type === 'f' && c.name.startsWith('city_component')));
  has('unique key (category_code, source_key)', indexes.some((i) => /UNIQUE .*\(category_code, source_key\)/.test(i.def)));
  has('GiST index on geom', indexes.some((i) => /USING gist \(geom\)/.test(i.def)));
  has('btree index on (grid_code, category_code)', indexes.some((i) => /USING btree \(grid_code, category_code\)/.test(i.def)));
  if (problems.length > 0) throw new Error(`entity lost its integrity:\n  ${problems.join('\n  ')}`);
  log(`entity: ${constraints.length} constraints and ${indexes.length} indexes, all present and valid`);
} finally {
  await db.close();
  if (!values.keep) {
    const admin = new pg.Client({ connectionString: config.databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${url.pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  }
}
