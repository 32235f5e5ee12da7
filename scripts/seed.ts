/**
 * Seeds the Pukou demo into the configured database (DATABASE_URL, else the embedded one
 * under DATA_DIR): migrations, the network, and the grid database at a scale.
 *
 *   npm run seed -- [--scale demo|full] [--seed N] [--force]
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { config } from '../api/config.ts';
import { openDatabase } from '../api/db/database.ts';
import { migrate } from '../api/db/migrate.ts';
import { seedPukou } from '../seeds/seed.ts';
import type { SeedProgress, SeedScale } from '../seeds/pukou/types.ts';

const USAGE = `usage: npm run seed -- [--scale demo|full] [--seed N] [--force]
  --scale  demo (≈200,000 records, default) or full (9,700,000; needs DATABASE_URL)
  --seed   seed value of the generators (default: SEED or 320111)
  --force  reload even when a finished seed is present`;

function fail(message: string): never {
  console.error(`seed: ${message}\n${USAGE}`);
  process.exit(2);
}

function parse(): { scale: SeedScale; seed: number; force: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      options: { scale: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scale = values.scale ?? (config.seedScale === 'full' ? 'full' : 'demo');
  if (scale !== 'demo' && scale !== 'full') fail(`--scale must be demo or full, got "${scale}"`);
  const seed = values.seed === undefined ? config.seed : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(`--seed must be a non-negative 32-bit integer, got "${values.seed}"`);
  return { scale, seed, force: values.force ?? false };
}

/** One progress bar per stage; a summary line when a stage is done. */
function progressReporter() {
  const bar = new cliProgress.SingleBar(
    {
      format: '{stage} |{bar}| {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage = '';
  let started = 0;
  let done = 0;
  let total = 0;
  let active = false;
  const finish = () => {
    if (!stage) return;
    if (active) bar.stop();
    active = false;
    const seconds = (performance.now() - started) / 1000;
    const rate = total >= 10_000 && seconds > 0 ? `, ${Math.round(done / seconds).toLocaleString('en')}/s` : '';
    console.log(`✓ ${stage}: ${done.toLocaleString('en')} in ${seconds.toFixed(1)} s${rate}`);
  };
  return {
    update(progress: SeedProgress) {
      if (progress.stage !== stage) {
        finish();
        stage = progress.stage;
        started = performance.now();
        // Bars only for stages long enough to watch.
        active = progress.total >= 10_000 && process.stderr.isTTY === true;
        if (active) bar.start(progress.total, progress.done, { stage, rate: 0 });
      }
      done = progress.done;
      total = progress.total;
      if (active) {
        const seconds = (performance.now() - started) / 1000;
        bar.update(progress.done, { rate: seconds > 0 ? Math.round(progress.done / seconds).toLocaleString('en') : 0 });
      }
    },
    finish,
  };
}

const options = parse();
if (options.scale === 'full' && !config.databaseUrl) {
  fail('--scale full loads 9.7 million records and needs a real PostgreSQL with PostGIS: set DATABASE_URL (the embedded database is for the demo scale)');
}

const started = performance.now();
const db = await openDatabase(config, (message) => console.log(message));
const reporter = progressReporter();
try {
  const applied = await migrate(db.pool);
  if (applied.length > 0) console.log(`migrations applied: ${applied.join(', ')}`);
  console.log(`seeding Pukou at scale ${options.scale} (seed ${options.seed}) into the ${db.kind === 'postgres' ? 'PostgreSQL' : 'embedded'} database…`);
  const seeded = await seedPukou(db, { ...options, onProgress: reporter.update });
  reporter.finish();
  if (!seeded) console.log('a finished seed is already there; nothing done (use --force to reload)');
} catch (error) {
  reporter.finish();
  console.error(`seed failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}
const elapsed = (performance.now() - started) / 1000;
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`elapsed ${elapsed.toFixed(1)} s, peak RSS ${peakMb.toFixed(0)} MB`);
