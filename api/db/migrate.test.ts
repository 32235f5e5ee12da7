import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { listMigrations, migrate } from './migrate.ts';

const db = testDatabase();
afterAll(() => db.close());

describe('migrations', () => {
  it('are all recorded once, in order, and a second run applies nothing', async () => {
    const files = listMigrations();
    const { rows } = await db.pool.query<{ version: number; name: string }>('SELECT version, name FROM schema_migration ORDER BY version');
    expect(rows.map((r) => r.name)).toEqual(files.map((m) => m.name));
    expect(await migrate(db.pool)).toEqual([]);
  });

  it('created the foundation tables with PostGIS geometry columns', async () => {
    const { rows } = await db.pool.query<{ f_table_name: string; type: string; srid: number }>(
      `SELECT f_table_name, type, srid FROM geometry_columns WHERE f_table_schema = 'public' ORDER BY f_table_name`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { f_table_name: 'division', type: 'MULTIPOLYGON', srid: 4326 },
        { f_table_name: 'entity', type: 'POINT', srid: 4326 },
        { f_table_name: 'grid', type: 'MULTIPOLYGON', srid: 4326 },
      ]),
    );
  });

  it('rolls back a failing migration and names it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.writeFileSync(path.join(dir, '001_ok.sql'), 'CREATE TABLE migrate_probe_ok (id int);');
    fs.writeFileSync(path.join(dir, '002_broken.sql'), 'CREATE TABLE migrate_probe_broken (id int); SELECT no_such_function();');
    await db.pool.query('CREATE SCHEMA migrate_probe');
    // A pool confined to the probe schema, so the runner starts from an empty migration table.
    const probe = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    probe.on('connect', (client) => void client.query('SET search_path TO migrate_probe, public'));
    try {
      await expect(migrate(probe, dir)).rejects.toThrow(/002_broken\.sql failed/);
      const { rows } = await db.pool.query('SELECT name FROM migrate_probe.schema_migration');
      expect(rows.map((r) => r.name)).toEqual(['001_ok.sql']);
      const tables = await db.pool.query(
        `SELECT to_regclass('migrate_probe.migrate_probe_ok') AS ok, to_regclass('migrate_probe.migrate_probe_broken') AS broken`,
      );
      expect(tables.rows[0].ok).not.toBeNull();
      expect(tables.rows[0].broken).toBeNull();
    } finally {
      await probe.end();
      await db.pool.query('DROP SCHEMA migrate_probe CASCADE');
    }
  });
});
