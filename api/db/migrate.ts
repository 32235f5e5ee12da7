/** Applies sql/NNN_name.sql migrations in order, each once, recorded in schema_migration. */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { MIGRATION_STEPS, type MigrationStep } from './migration-steps.ts';
import { inTransaction } from './transaction.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../sql');

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => MIGRATION_FILE.test(f)).sort();
  const seen = new Set<number>();
  return files.map((name) => {
    const version = Number(MIGRATION_FILE.exec(name)![1]);
    if (seen.has(version)) throw new Error(`two migrations share number ${version} in ${dir}`);
    seen.add(version);
    return { version, name, sql: fs.readFileSync(path.join(dir, name), 'utf8') };
  });
}

/** Runs pending migrations, each in its own transaction with its Node step if it has one; returns the names applied. */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR, steps: Record<number, MigrationStep> = MIGRATION_STEPS): Promise<string[]> {
  await pool.query(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied = new Set(
    (await pool.query<{ version: number }>('SELECT version FROM schema_migration')).rows.map((r) => r.version),
  );
  const done: string[] = [];
  for (const migration of listMigrations(dir)) {
    if (applied.has(migration.version)) continue;
    try {
      await inTransaction(pool, async (client) => {
        await client.query(migration.sql);
        await steps[migration.version]?.(client);
        await client.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      });
      done.push(migration.name);
    } catch (error) {
      throw new Error(`migration ${migration.name} failed: ${(error as Error).message}`);
    }
  }
  return done;
}
