/**
 * Test database for the whole run: a fresh database on the real PostgreSQL when DATABASE_URL
 * is set (CI), otherwise an in-memory embedded PGlite. Migrated and seeded with the Pukou demo
 * once; test files connect through `testDatabase()`.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbedded, type EmbeddedDatabase } from '../db/embedded.ts';
import { connect } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { seedPukou } from '../../seeds/seed.ts';

let embedded: EmbeddedDatabase | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'postgres';
  }
}

/** A new database per run (named after the process, so parallel runs don't collide), dropped afterwards. */
async function freshPostgresDatabase(adminUrl: string): Promise<string> {
  const name = `lianqin_test_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  dropDatabase = async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function setup(project: TestProject) {
  const started = Date.now();
  let url: string;
  let kind: 'embedded' | 'postgres';
  if (process.env.DATABASE_URL) {
    url = await freshPostgresDatabase(process.env.DATABASE_URL);
    kind = 'postgres';
  } else {
    embedded = await startEmbedded();
    url = embedded.url;
    kind = 'embedded';
  }
  const db = connect(url, kind, 4);
  await migrate(db.pool);
  await seedPukou(db, { scale: 'demo', seed: 320111 });
  await db.close();
  console.log(`test database (${kind}) migrated and seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('databaseUrl', url);
  project.provide('databaseKind', kind);
}

export async function teardown() {
  await embedded?.stop();
  await dropDatabase?.();
}
