/**
 * Imports a file into the grid database, in-process (no server needed), into DATABASE_URL or
 * the embedded database under DATA_DIR, through the same pipeline as POST /api/v1/imports.
 *
 *   npm run import -- FILE [--category CODE] [--format csv|ndjson|geojson] [--encoding auto|utf-8|gbk|gb18030]
 *                     [--srid 4326|4490|4549|4528] [--mapping '{…}' | --mapping @mapping.json] [--rejections OUT.csv]
 *                     [--user USERNAME]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type pg from 'pg';
import { RECORD_WRITERS } from '../api/auth/roles.ts';
import { config } from '../api/config.ts';
import { openDatabase } from '../api/db/database.ts';
import { migrate } from '../api/db/migrate.ts';
import { GridIndex } from '../api/lookup/grid-index.ts';
import { ImportAbortedError, ImportInputError } from '../api/imports/errors.ts';
import { recoverInterruptedImports, rejections, type ImportJob } from '../api/imports/jobs.ts';
import { createImport, runImport } from '../api/imports/pipeline.ts';
import { rejectionsCsv } from '../api/imports/rejections.ts';
import { importParams, inferFormat, type ImportOptions } from '../api/imports/schema.ts';

const USAGE = `usage: npm run import -- FILE [options]
  --category CODE     category of rows without a category column (e.g. RP01, 01001)
  --format F          csv, ndjson or geojson (default: from the file's extension)
  --encoding E        auto (default: UTF-8 unless the file is not, then GB18030), utf-8, gbk, gb18030
  --srid N            4326 (WGS84, default), 4490 (CGCS2000), 4549 (CGCS2000 GK CM 120E), 4528 (zone 40 prefix)
  --mapping JSON      column mapping, e.g. '{"lon":"经度","lat":"纬度","sourceKey":"编号"}', or @file.json
  --rejections FILE   also write the rejected rows to FILE (CSV)
  --user USERNAME     the account the import is recorded as made by (an active account that may import);
                      without it the job records no account`;

function fail(message: string, code = 2): never {
  console.error(`import: ${message}\n${USAGE}`);
  process.exit(code);
}

function parse(): { file: string; options: ImportOptions; rejectionsFile?: string; user?: string } {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        category: { type: 'string' }, format: { type: 'string' }, encoding: { type: 'string' }, srid: { type: 'string' },
        mapping: { type: 'string' }, rejections: { type: 'string' }, user: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length !== 1) fail('give exactly one FILE');
  const file = positionals[0];
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`no such file: ${file}`);
  let mapping = values.mapping;
  if (mapping?.startsWith('@')) mapping = fs.readFileSync(mapping.slice(1), 'utf8');
  const result = importParams.safeParse({ ...values, mapping, filename: path.basename(file), rejections: undefined, user: undefined, help: undefined });
  if (!result.success) fail(result.error.issues.map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`).join('; '));
  const format = inferFormat(result.data.format, file);
  if (!format) fail(`cannot tell the format from "${path.basename(file)}": give --format csv|ndjson|geojson`);
  const { category, encoding, srid, filename } = result.data;
  return {
    file,
    rejectionsFile: values.rejections,
    user: values.user,
    options: { format, encoding, category, srid, mapping: result.data.mapping ?? {}, filename, bytesTotal: fs.statSync(file).size, origin: 'cli' },
  };
}

const number = (n: number) => Math.round(n).toLocaleString('en');

/** A progress bar on a terminal; a line every 5 s otherwise (logs, CI). */
function reporter(total: number) {
  const tty = process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    { format: '{stage} |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 40, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let logged = 0;
  let active = false;
  return {
    update(job: ImportJob) {
      const seconds = started ? (performance.now() - started) / 1000 : 0;
      if (!started && job.status === 'receiving') started = performance.now();
      const payload = { stage: job.status === 'merging' ? 'merging  ' : 'importing', rows: number(job.rowsRead), rate: seconds > 0 ? number(job.rowsRead / seconds) : 0 };
      if (tty) {
        if (!active && job.status === 'receiving') (bar.start(total, 0, payload), (active = true));
        if (active) bar.update(job.status === 'merging' ? total : Math.min(job.bytesRead, total), payload);
      } else if (performance.now() - logged > 5_000 || job.status !== 'receiving') {
        logged = performance.now();
        console.log(`${job.status}: ${number(job.rowsRead)} rows, ${payload.rate} rows/s, ${((100 * job.bytesRead) / Math.max(1, total)).toFixed(0)}% of the file`);
      }
    },
    stop() {
      if (active) bar.stop();
      active = false;
    },
  };
}

/** The id of `username`, an active account that may import; exits when there is none. */
async function importer(pool: pg.Pool, username: string): Promise<number> {
  const { rows } = await pool.query<{ id: number; role: string; disabled_at: Date | null }>(
    'SELECT id::float8 AS id, role, disabled_at FROM app_user WHERE username = $1', [username]);
  const account = rows[0];
  if (!account) fail(`--user: no account is named ${JSON.stringify(username)}`);
  if (account.disabled_at) fail(`--user: the account ${username} is disabled`);
  if (!(RECORD_WRITERS as readonly string[]).includes(account.role)) fail(`--user: the account ${username} (${account.role}) may not import records`);
  return account.id;
}

const { file, options, rejectionsFile, user } = parse();
const started = performance.now();
const db = await openDatabase(config, (message) => console.log(message));
const progress = reporter(options.bytesTotal ?? 0);
try {
  await migrate(db.pool);
  const recovered = await recoverInterruptedImports(db.pool, db.kind === 'embedded');
  if (recovered.length > 0) console.log(`marked interrupted imports as failed: #${recovered.join(', #')}`);
  const gridIndex = new GridIndex(db.pool);
  options.createdBy = user === undefined ? null : await importer(db.pool, user);
  const job = await createImport(db.pool, options);
  if (user === undefined) console.log(`import #${job.id} records no account as its author: give --user USERNAME to record one`);
  console.log(`import #${job.id}: ${file} (${number((options.bytesTotal ?? 0) / 1024)} kB, ${options.format}) into the ${db.kind === 'postgres' ? 'PostgreSQL' : 'embedded'} database`);
  const done = await runImport({ db, gridIndex }, job, fs.createReadStream(file, { highWaterMark: 1 << 20 }), options, { onProgress: progress.update });
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `✓ import #${done.id} done in ${seconds.toFixed(1)} s (${number(done.rowsRead / seconds)} rows/s, encoding ${done.detectedEncoding}): ` +
      `${number(done.rowsRead)} read, ${number(done.rowsInserted)} inserted, ${number(done.rowsUpdated)} updated, ` +
      `${number(done.rowsUnchanged)} unchanged, ${number(done.rowsRejected)} rejected, ${number(done.rowsOutsideGrid)} outside every grid`,
  );
  if (done.rowsRejected > 0) {
    for (const r of await rejections(db.pool, done.id, 10)) console.log(`  line ${r.line}: ${r.reason}`);
    if (done.rowsRejected > 10) console.log(`  … ${number(done.rowsRejected - 10)} more`);
    if (rejectionsFile) {
      const out = fs.createWriteStream(rejectionsFile);
      for await (const chunk of rejectionsCsv(db.pool, done.id)) if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      await new Promise<void>((r) => out.end(() => r()));
      console.log(`rejected rows written to ${rejectionsFile}`);
    } else {
      console.log(`all rejected rows: GET /api/v1/imports/${done.id}/rejections.csv, or run again with --rejections FILE`);
    }
  }
} catch (error) {
  progress.stop();
  const expected = error instanceof ImportInputError || error instanceof ImportAbortedError;
  console.error(`✗ import failed: ${expected ? (error as Error).message : (error as Error).stack}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
