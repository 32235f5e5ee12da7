/**
 * The embedded database: PGlite with PostGIS, kept on disk and served on loopback by
 * pglite-socket, so the rest of the server talks to it through the same `pg` pool as to a
 * real PostgreSQL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { SessionSocketServer } from './embedded-session.ts';

export interface EmbeddedDatabase {
  /** Connection string for `pg`. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory of the database files; `undefined` keeps the database in memory (tests). */
  dir?: string;
  /** A gzip snapshot made by `dumpDataDir`, used to start a fresh in-memory database fast. */
  snapshot?: Blob;
  log?: (message: string) => void;
}

/** Opens (or creates) the embedded database and serves it on a free loopback port. */
export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const fresh = options.dir === undefined || !fs.existsSync(path.join(options.dir, 'PG_VERSION'));
  if (options.dir) fs.mkdirSync(options.dir, { recursive: true });
  if (fresh && !options.snapshot) log('creating the embedded PostGIS database (first run, about 20 s)…');
  const started = Date.now();
  const db = await PGlite.create({
    dataDir: options.dir,
    loadDataDir: options.snapshot,
    extensions: { postgis },
  });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  log(`embedded PostGIS ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Every connection is served from the one PGlite session, lent to one connection at a time
  // for a whole statement or transaction (embedded-session.ts).
  const server = new SessionSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

/** A gzip snapshot of an empty database with PostGIS installed; loading one takes ~3 s instead of ~20 s. */
export async function makeSnapshot(): Promise<Blob> {
  const db = await PGlite.create({ extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const blob = await db.dumpDataDir('gzip');
  await db.close();
  return blob;
}
