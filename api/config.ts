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
  /** Open311 api_key values accepted on POST requests, each with its client's name. */
  open311ApiKeys: Map<string, string>;
  /** Imports with at least this many new records land as a segment of entity of their own (sql/004). */
  importSegmentMinRows: number;
}

/** Accepted when OPEN311_API_KEYS is unset: a public demo key (see the README); set your own in production. */
export const OPEN311_DEMO_API_KEY = 'lianqin-open311-demo';

/** `name=key,name2=key2` (or bare keys, named "open311"); unset or empty: the demo key only. */
function open311Keys(raw: string | undefined): Map<string, string> {
  if (!raw?.trim()) return new Map([[OPEN311_DEMO_API_KEY, 'demo']]);
  const keys = new Map<string, string>();
  raw.split(',').map((s) => s.trim()).filter(Boolean).forEach((entry, i) => {
    const at = entry.indexOf('=');
    const name = at > 0 ? entry.slice(0, at).trim() : 'open311';
    const key = at > 0 ? entry.slice(at + 1).trim() : entry;
    // The entry is not echoed: it is a secret.
    if (!/^[\x21-\x7e]{8,200}$/.test(key)) throw new Error(`OPEN311_API_KEYS: key ${i + 1} must be 8–200 visible ASCII characters`);
    keys.set(key, name);
  });
  return keys;
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
    importSegmentMinRows: intFromEnv(env, 'IMPORT_SEGMENT_MIN_ROWS', 100_000),
    open311ApiKeys: open311Keys(env.OPEN311_API_KEYS),
  };
}

export const config: Config = readConfig();
