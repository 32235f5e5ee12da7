import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { schemaPool } from '../testing/scratch-schema.ts';
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
    const probe = schemaPool('migrate_probe');
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

describe('migration 006 on a database that has records', () => {
  it('keeps every record’s attributes, byte for byte, in every segment', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    const all = listMigrations();
    for (const m of all.filter((m) => m.version <= 5)) fs.writeFileSync(path.join(dir, m.name), m.sql);
    await db.pool.query('CREATE SCHEMA upgrade_probe');
    const probe = schemaPool('upgrade_probe');
    try {
      await migrate(probe, dir);
      const columns = 'category_code, source_key, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs';
      const values = `'RP01', k, ST_SetSRID(ST_MakePoint(118.6, 32.1), 4326), 1, 2, 3, 4, a::json`;
      const attrs = [`{"name":"张三","note":"他说\\"好\\"\\n第二行"}`, '{}', `{"n":1.50,"x":[1, 2]}`];
      await probe.query(`INSERT INTO entity (${columns}) SELECT ${values} FROM unnest($1::text[], $2::text[]) AS t(k, a)`, [['a', 'b', 'c'], attrs]);
      // A segment of an import, attached as imports attach them.
      await probe.query(`CREATE TABLE entity_segment_1 (LIKE entity INCLUDING DEFAULTS, CHECK (id >= 1099511627776 AND id < 2199023255552))`);
      await probe.query(`INSERT INTO entity_segment_1 (id, ${columns}) SELECT 1099511627776 + n, ${values}
                         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(k, a, n)`, [['d', 'e', 'f'], attrs]);
      await probe.query('CREATE UNIQUE INDEX entity_segment_1_pkey ON entity_segment_1 (id)');
      await probe.query('ALTER TABLE entity ATTACH PARTITION entity_segment_1 FOR VALUES FROM (1099511627776) TO (2199023255552)');
      const before = await probe.query('SELECT source_key, attrs::text AS attrs FROM entity ORDER BY source_key');

      // Up to 008: 009 makes attrs jsonb (entity-integrity.test.ts).
      const upTo008 = all.filter((m) => m.version > 5 && m.version <= 8);
      for (const m of upTo008) fs.writeFileSync(path.join(dir, m.name), m.sql);
      expect(await migrate(probe, dir)).toEqual(upTo008.map((m) => m.name));
      const after = await probe.query('SELECT source_key, attrs FROM entity ORDER BY source_key');
      expect(after.rows).toEqual(before.rows);
      expect(after.rows.map((r) => r.attrs)).toEqual([...attrs, ...attrs]);
      const types = await probe.query(
        `SELECT c.relname, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         WHERE a.attname = 'attrs' AND c.relnamespace = 'upgrade_probe'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
      );
      expect(types.rows).toEqual([
        { relname: 'entity', type: 'text' },
        { relname: 'entity_segment_0', type: 'text' },
        { relname: 'entity_segment_1', type: 'text' },
      ]);
      const added = await probe.query(`INSERT INTO entity (category_code, geom, h3_r7, h3_r8, h3_r9, h3_r10) VALUES ('RP01', ST_SetSRID(ST_MakePoint(118.6, 32.1), 4326), 1, 2, 3, 4) RETURNING attrs`);
      expect(added.rows).toEqual([{ attrs: '{}' }]);
    } finally {
      await probe.end();
      await db.pool.query('DROP SCHEMA upgrade_probe CASCADE');
    }
  });
});
