/**
 * Ingest benchmark on the real PostGIS (`npm run bench:ingest -- [--rows 2000000] [--keep]`,
 * needs DATABASE_URL with a superuser; works in a database of its own, `<name>_ingest_bench`).
 *
 * The same CSV rows (seed generator, see ingest-csv.ts) are loaded twice:
 *   floor:  `psql \copy` into a bare table with the CSV's columns (no geometry, no index);
 *   ours:   `npm run import` (scripts/import.ts, a process of its own) into entity, which holds
 *           the demo: decoding, validation, grid assignment, H3, the load table, its indexes
 *           (the rows land as a segment of entity), the merge transaction and the statistics.
 * Also, for scale: `psql \copy` into a table with a point column and entity's kinds of index,
 * which is what any loader pays for keeping those indexes.
 * Prints rows/s of each, our ratio to the floor, the phases of ours and its peak RSS.
 *
 * `--shuffle` puts the rows in a random order first: keys out of order and grids mixed, the
 * import's worst case (a hash table for the keys, a btree for the grid index, a sorted merge).
 *
 * `--rounds N` (default 3) repeats the floor and ours one after the other N times, removing the
 * imported segment between rounds so that each import meets the same entity; a round's ratio
 * compares two runs made seconds apart, and the median round is the result (on a shared
 * machine either run may be slowed by a quarter now and then).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { config } from '../../api/config.ts';
import { connect, type Database } from '../../api/db/database.ts';
import { inTransaction } from '../../api/db/transaction.ts';
import { dropImportSegments } from '../../api/imports/segments.ts';
import { rebuildStats } from '../../api/stats/counts.ts';
import { migrate } from '../../api/db/migrate.ts';
import { seedPukou } from '../../seeds/seed.ts';
import { CSV_COLUMNS, shuffleCsvRows, writeIngestCsv } from './ingest-csv.ts';
import { printTable } from './report.ts';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '2000000' }, rounds: { type: 'string', default: '3' }, 'skip-indexed': { type: 'boolean', default: false },
    shuffle: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
});
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer, got ${values.rows}`);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);
if (!config.databaseUrl) {
  console.error('bench:ingest measures the real PostGIS: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/lianqin)');
  process.exit(2);
}

const log = (message: string) => console.log(`[bench:ingest] ${message}`);
const seconds = (from: number) => (performance.now() - from) / 1000;

/** A fresh database next to DATABASE_URL's, so the benchmark never touches real data. */
async function freshDatabase(url: string): Promise<string> {
  const target = new URL(url);
  const name = `${target.pathname.slice(1) || 'postgres'}_ingest_bench`.replace(/[^a-z0-9_]/gi, '_');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  target.pathname = `/${name}`;
  return target.toString();
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve({ seconds: seconds(started), stdout }) : reject(new Error(`${command} exited with ${code}`))));
  });
}

interface Round {
  floor: number;
  receiving: number;
  merging: number;
  process: number;
  outside: number;
  rss: number;
}

/** Takes the last import's segment out of entity again, with its counts. */
async function removeImport(db: Database): Promise<void> {
  await inTransaction(db.pool, (client) => dropImportSegments(client));
  await rebuildStats(db.pool);
  await db.pool.query('VACUUM import_job, grid_category_count');
}

const benchUrl = await freshDatabase(config.databaseUrl);
const db = connect(benchUrl, 'postgres', 4);
const file = path.join(os.tmpdir(), `lianqin-ingest-${rows}${values.shuffle ? '-shuffled' : ''}.csv`);
try {
  log(`database ${new URL(benchUrl).pathname.slice(1)}: migrating and loading the demo (entity with its indexes)…`);
  await migrate(db.pool);
  await seedPukou(db, { scale: 'demo', seed: config.seed });
  const [{ n: before }] = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM entity')).rows;

  log(`generating ${rows.toLocaleString('en')} rows into ${file}…`);
  let started = performance.now();
  const bytes = await writeIngestCsv(file, rows, config.seed, (done) => {
    if (done % 500_000 === 0) log(`  ${done.toLocaleString('en')} rows`);
  });
  log(`  ${(bytes / 1048576).toFixed(0)} MB in ${seconds(started).toFixed(1)} s`);
  if (values.shuffle) {
    log('shuffling the rows (keys out of order, grids mixed)…');
    await shuffleCsvRows(file, config.seed);
  }

  const columns = CSV_COLUMNS.map((c) => `${c} ${c === 'lon' || c === 'lat' ? 'float8' : 'text'}`).join(', ');
  const copy = (table: string, cols = '') => ['-X', '-q', '-v', 'ON_ERROR_STOP=1', benchUrl, '-c', `\\copy ${table}${cols} FROM '${file}' CSV HEADER`];

  /** psql \\copy into a table with entity's kinds of index: what any loader pays for them (seconds). */
  const indexedCopy = async (): Promise<number> => {
    await db.pool.query(`CREATE TABLE ingest_floor_indexed (id bigserial PRIMARY KEY, ${columns},
      geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED)`);
    await db.pool.query('CREATE UNIQUE INDEX ON ingest_floor_indexed (category, source_key)');
    await db.pool.query('CREATE INDEX ON ingest_floor_indexed (category, lon)');
    await db.pool.query('CREATE INDEX ON ingest_floor_indexed USING gist (geom)');
    await db.pool.query('CHECKPOINT');
    log('for scale (once): psql \\copy into a table with a point column and entity-like indexes…');
    const { seconds } = await run('psql', copy('ingest_floor_indexed', ` (${CSV_COLUMNS.join(', ')})`));
    await db.pool.query('DROP TABLE ingest_floor_indexed');
    return seconds;
  };
  const indexed = values['skip-indexed'] ? null : await indexedCopy();

  const results: Round[] = [];
  for (let round = 1; round <= rounds; round++) {
    await db.pool.query(`CREATE TABLE ingest_floor (${columns})`);
    await db.pool.query('CHECKPOINT');
    log(`round ${round}/${rounds}: floor: psql \\copy into a bare table…`);
    const floor = await run('psql', copy('ingest_floor'));
    await db.pool.query('DROP TABLE ingest_floor');
    await db.pool.query('CHECKPOINT');

    log(`round ${round}/${rounds}: ours: npm run import (validation, grid assignment, H3, staging, merge into entity)…`);
    const ours = await run(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file, '--format', 'csv'], { ...process.env, DATABASE_URL: benchUrl });
    const { rows: jobs } = await db.pool.query<{ receiving: number; merging: number; inserted: number; outside: number }>(
      `SELECT extract(epoch FROM merge_started_at - started_at)::float8 AS receiving, extract(epoch FROM finished_at - merge_started_at)::float8 AS merging,
              rows_inserted::int AS inserted, rows_outside_grid::int AS outside
       FROM import_job WHERE status = 'done' ORDER BY id DESC LIMIT 1`,
    );
    const job = jobs[0];
    const [{ n: after }] = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM entity')).rows;
    if (!job || job.inserted !== rows || after - before !== rows) throw new Error(`expected ${rows} new records, the import reports ${job?.inserted} and entity grew by ${after - before}`);
    results.push({
      floor: floor.seconds, receiving: job.receiving, merging: job.merging, process: ours.seconds, outside: job.outside,
      rss: Number(/peak RSS (\d+) MB/.exec(ours.stdout)?.[1] ?? NaN),
    });
    // The next round's import then meets the same entity (new keys, not a re-import).
    if (round < rounds) await removeImport(db);
  }

  const ratio = (r: Round) => r.floor / (r.receiving + r.merging);
  const median = [...results].sort((a, b) => ratio(a) - ratio(b))[Math.floor((results.length - 1) / 2)];
  const table: (string | number)[][] = [];
  results.forEach((r, i) => {
    const ours = r.receiving + r.merging;
    table.push(
      [`round ${i + 1}: psql \\copy, bare table (floor)`, r.floor, rows / r.floor, '1.00'],
      [`round ${i + 1}: ours, start to commit`, ours, rows / ours, ratio(r).toFixed(2)],
      ['  reading, checking, staging', r.receiving, rows / r.receiving, (r.floor / r.receiving).toFixed(2)],
      ['  merge transaction', r.merging, rows / r.merging, (r.floor / r.merging).toFixed(2)],
      ['  whole CLI process', r.process, rows / r.process, (r.floor / r.process).toFixed(2)],
    );
  });
  if (indexed !== null) table.push(['psql \\copy, point + 4 indexes (once)', indexed, rows / indexed, (median.floor / indexed).toFixed(2)]);
  printTable(['load', 'seconds', 'rows/s', 'vs floor'], table);
  console.log(`\n${rows.toLocaleString('en')} rows (${(bytes / 1048576).toFixed(0)} MB CSV) into entity holding ${before.toLocaleString('en')}; ` +
    `${median.outside.toLocaleString('en')} outside every grid; import peak RSS ${Math.max(...results.map((r) => r.rss))} MB; ` +
    `${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  console.log(`ratios ours/floor by round: ${results.map((r) => ratio(r).toFixed(2)).join(', ')}`);
  console.log(`ratio ours/floor (median of ${results.length}): ${ratio(median).toFixed(2)} (target ≥ 0.5)`);
} finally {
  await db.close();
  if (!values.keep) {
    fs.rmSync(file, { force: true });
    const admin = new pg.Client({ connectionString: config.databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(benchUrl).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  }
}
