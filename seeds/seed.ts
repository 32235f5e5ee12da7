/**
 * Loads the Pukou demo: the four-level network, staff, departments, categories, the grid
 * database and a year of incident cases, deterministic from the seed value. Idempotent: a finished seed is kept; an
 * interrupted one is wiped and redone.
 */
import type { Database } from '../api/db/database.ts';
import { generateNetwork } from './pukou/network.ts';
import { loadNetwork } from './pukou/load-network.ts';
import { loadGridDatabase } from './pukou/grid-database/load.ts';
import { loadIncidents } from './pukou/incidents/load.ts';
import { demoEndFor } from './pukou/incidents/demo-clock.ts';
import { rebuildStats } from '../api/stats/counts.ts';
import { loadDemoAccounts } from './pukou/accounts.ts';
import type { SeedProgress, SeedScale } from './pukou/types.ts';

export interface SeedOptions {
  scale: SeedScale;
  seed: number;
  onProgress?: (progress: SeedProgress) => void;
  /** Reload even when a finished seed is present. */
  force?: boolean;
  /** Where the year of demo cases ends; by default the start of the current hour (the demo looks current when loaded). */
  end?: Date;
}

// Accounts go too (TRUNCATE department CASCADE would take them anyway): the demo's come back.
const SEEDED_TABLES = [
  'app_session', 'api_credential', 'citizen_ticket', 'app_user', 'citizen_message', 'idempotency_key', 'incident_photo', 'incident_event', 'incident_department', 'incident',
  'time_limit', 'incident_category', 'calendar_exception', 'news', 'demo_clock',
  'city_component', 'entity', 'category', 'department', 'grid_staff', 'grid', 'division'];

/** Returns false when a finished seed was already there and nothing was done. */
export async function seedPukou(db: Database, options: SeedOptions): Promise<boolean> {
  const finished = await db.pool.query('SELECT 1 FROM seed_run WHERE finished_at IS NOT NULL LIMIT 1');
  if (finished.rowCount && !options.force) {
    // A demo loaded before accounts existed (migration 008) gets its demo accounts now.
    const accounts = await db.pool.query('SELECT 1 FROM app_user LIMIT 1');
    if (!accounts.rowCount) await loadDemoAccounts(db.pool);
    return false;
  }

  await db.pool.query(`TRUNCATE ${SEEDED_TABLES.join(', ')}, seed_run CASCADE`);
  const run = await db.pool.query<{ id: number }>('INSERT INTO seed_run (scale, seed) VALUES ($1, $2) RETURNING id', [
    options.scale,
    options.seed,
  ]);
  const network = generateNetwork(options.seed);
  await loadNetwork(db.pool, network, options.onProgress);
  await loadGridDatabase(db, network, {
    scale: options.scale,
    seed: options.seed,
    onProgress: options.onProgress,
  });
  // The loader bypasses the imports, so the per-grid counts behind /stats are recounted once.
  await rebuildStats(db.pool);
  const end = options.end ?? demoEndFor(new Date());
  await loadIncidents(db, network, { scale: options.scale, seed: options.seed, end, onProgress: options.onProgress });
  await loadDemoAccounts(db.pool);
  await db.pool.query('UPDATE seed_run SET finished_at = now() WHERE id = $1', [run.rows[0].id]);
  return true;
}
