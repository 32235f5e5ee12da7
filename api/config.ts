/** Runtime configuration, read once from the environment. Defaults make `npm start` work on a fresh machine. */
import path from 'node:path';

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export interface Config {
  /** HTTP port of the API and web UI. */
  port: number;
  /** Host the HTTP server binds to. */
  host: string;
  /** Real PostGIS when set; otherwise the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Where the embedded database and other local state live. */
  dataDir: string;
  /** Demo data scale loaded on first start of an empty database. */
  seedScale: 'demo' | 'full' | 'none';
  /** Seed value for the deterministic generators. */
  seed: number;
  /** Optional MapLibre basemap style URL; the UI is fully offline without it. */
  basemapStyleUrl: string | undefined;
  /** Pool size for the pg pool. */
  poolSize: number;
  /** Imports of at least this many rows (and a quarter of entity) rebuild entity's plain indexes in bulk (api/imports/merge.ts). */
  importBulkMinRows: number;
  /** A production start: demo passwords and the demo Open311 key are refused unless allowDemoPasswords. */
  production: boolean;
  allowDemoPasswords: boolean;
  /** How long a session lasts. */
  sessionHours: number;
  /** Bytes of encoded vector tiles kept in memory (api/tiles/cache.ts); 0 keeps none. */
  tileCacheBytes: number;
}

function flagFromEnv(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const scale = env.SEED_SCALE ?? 'demo';
  if (scale !== 'demo' && scale !== 'full' && scale !== 'none') {
    throw new Error(`SEED_SCALE must be demo, full or none, got "${scale}"`);
  }
  return {
    port: intFromEnv(env, 'PORT', 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    seedScale: scale,
    seed: intFromEnv(env, 'SEED', 320111),
    basemapStyleUrl: env.BASEMAP_STYLE_URL || undefined,
    poolSize: intFromEnv(env, 'PG_POOL_SIZE', env.DATABASE_URL ? 10 : 4),
    importBulkMinRows: intFromEnv(env, 'IMPORT_BULK_MIN_ROWS', 100_000),
    production: env.LIANQIN_ENV === 'production' || env.NODE_ENV === 'production',
    allowDemoPasswords: flagFromEnv(env, 'ALLOW_DEMO_PASSWORDS'),
    sessionHours: Math.max(1, intFromEnv(env, 'SESSION_HOURS', 12)),
    tileCacheBytes: intFromEnv(env, 'TILE_CACHE_MB', 64) * 1024 * 1024,
  };
}

export const config: Config = readConfig();
