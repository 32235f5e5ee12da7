/** `npm start`: open the database (embedded unless DATABASE_URL), migrate, load the demo on first run (or move it forward to now), serve. */
import { config } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { recoverInterruptedImports } from './imports/jobs.ts';
import { startServer } from './server.ts';
import { refuseDemoSecrets } from './auth/demo-guard.ts';
import { seedPukou } from '../seeds/seed.ts';
import { progressLogger } from '../seeds/progress-log.ts';
import { keepDemoCurrent } from '../seeds/pukou/incidents/shift.ts';
import { shanghaiDate } from './calendar/working-calendar.ts';
import { lastHolidayYear } from './incidents/reference.ts';

const log = (message: string) => console.log(`[lianqin] ${message}`);

async function main() {
  const started = Date.now();
  const db = await openDatabase(config, log);
  log(`database: ${db.kind === 'embedded' ? `embedded PGlite + PostGIS in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`);
  const applied = await migrate(db.pool);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  const interrupted = await recoverInterruptedImports(db.pool, db.kind === 'embedded');
  if (interrupted.length) log(`imports interrupted by the last stop, marked failed: #${interrupted.join(', #')}`);

  if (config.seedScale !== 'none') {
    const seeded = await seedPukou(db, { scale: config.seedScale, seed: config.seed, onProgress: progressLogger(log) });
    log(seeded ? `Pukou ${config.seedScale} data loaded` : 'Pukou demo data already loaded');
  }
  const shiftStarted = Date.now();
  const shift = await keepDemoCurrent(db.pool);
  if (shift) {
    const seconds = ((Date.now() - shiftStarted) / 1000).toFixed(1);
    log(`demo cases moved ${shift.weeks} week(s) forward to end ${shanghaiDate(shift.end)}: ${shift.cases} cases, ${shift.events} events in ${seconds} s`);
  }
  const holidaysUntil = await lastHolidayYear(db.pool);
  if (holidaysUntil !== null && new Date().getFullYear() > holidaysUntil) {
    log(`holidays are known up to ${holidaysUntil}: later days count as working Monday to Friday; add the year's to calendar_exception`);
  }

  await refuseDemoSecrets(db.pool, config);
  const server = await startServer({ db, config, port: config.port, host: config.host });
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: open ${server.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    await server.close().catch(() => {});
    await db.close(); // flushes the embedded database to disk
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error('[lianqin] failed to start:', error);
  process.exit(1);
});
