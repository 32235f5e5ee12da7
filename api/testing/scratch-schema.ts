/**
 * A scratch schema in the run's test database, for tests that need tables of their own (a
 * migration applied to old data, a demo loaded with another clock): created empty, its pool
 * searches it before public (where PostGIS lives), migrated up to a version, dropped at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../db/database.ts';
import { listMigrations, migrate } from '../db/migrate.ts';

export interface ScratchSchema {
  pool: pg.Pool;
  /** Applies the migrations not applied yet, up to `upTo` (default: all), returning their names. */
  migrate(upTo?: number): Promise<string[]>;
  /** The columns of one of its tables, in order. */
  columnsOf(table: string): Promise<string[]>;
  /** The schema as a Database (for loaders that take one). */
  database(): Database;
  drop(): Promise<void>;
}

/**
 * A one-connection pool of the test database that searches `schema` before public. The search
 * path is set before the pool lends the connection (a query sent from the pool's `connect`
 * event would still be running when the first caller's query arrives). On the embedded
 * database every connection shares PGlite's one session, so the path holds for every pool
 * until it is reset: `drop()` of a scratch schema resets it.
 */
export function schemaPool(schema: string): pg.Pool {
  class SchemaClient extends pg.Client {
    override connect(): Promise<pg.Client>;
    override connect(callback: (error: Error) => void): void;
    // pg-pool connects its clients with a callback.
    override connect(callback?: (error: Error) => void): Promise<pg.Client> | void {
      if (!callback) return super.connect().then(() => this.query(`SET search_path TO ${schema}, public`)).then(() => this);
      const done = callback as (error?: Error) => void;
      super.connect((error: Error) => {
        if (error) return done(error);
        this.query(`SET search_path TO ${schema}, public`).then(() => done(), done);
      });
    }
  }
  return new pg.Pool({ connectionString: inject('databaseUrl'), max: 1, Client: SchemaClient });
}

/** Creates `name` afresh and migrates it up to `upTo` (default: every migration). */
export async function scratchSchema(db: Database, name: string, upTo?: number): Promise<ScratchSchema> {
  await db.pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
  await db.pool.query(`CREATE SCHEMA ${name}`);
  await db.pool.query(`GRANT USAGE ON SCHEMA ${name} TO lianqin_app`);
  const pool = schemaPool(name);
  const migrateTo = (version?: number) => {
    if (version === undefined) return migrate(pool);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    for (const m of listMigrations().filter((m) => m.version <= version)) fs.writeFileSync(path.join(dir, m.name), m.sql);
    return migrate(pool, dir);
  };
  await migrateTo(upTo);
  return {
    pool,
    migrate: migrateTo,
    async columnsOf(table) {
      const { rows } = await pool.query<{ name: string }>(
        'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
        [name, table],
      );
      return rows.map((r) => r.name);
    },
    database: () => ({ pool, kind: inject('databaseKind'), close: async () => {} }),
    async drop() {
      await pool.query('RESET search_path');
      await pool.end();
      await db.pool.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    },
  };
}
