/**
 * Migration 009 on a database migrated to 008 that holds seed records and an import segment
 * made the way the segmented import made them; h3_parent against h3-js; the GiST index in a
 * bounding-box plan on the seeded database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cellToParent, getPentagons, getResolution, latLngToCell } from 'h3-js';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { testDatabase } from '../testing/database.ts';
import { schemaPool } from '../testing/scratch-schema.ts';
import { listMigrations, migrate } from './migrate.ts';

const db = testDatabase();
afterAll(() => db.close());

const SEGMENT = 2n ** 40n;
const decimal = (cell: string) => BigInt('0x' + cell).toString();

describe('h3_parent', () => {
  it('gives the parent h3-js cellToParent gives, for random cells of every resolution and the pentagons', async () => {
    const rng = new Random(9);
    const cells: string[] = [];
    const resolutions: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const cell = latLngToCell(rng.range(-89.9, 89.9), rng.range(-180, 180), rng.int(0, 15));
      cells.push(cell);
      resolutions.push(rng.int(0, getResolution(cell)));
    }
    for (const res of [0, 5, 10, 15]) {
      for (const pentagon of getPentagons(res)) {
        cells.push(pentagon);
        resolutions.push(rng.int(0, res));
      }
    }
    const { rows } = await db.pool.query<{ parent: string }>(
      'SELECT h3_parent(c, r)::text AS parent FROM unnest($1::bigint[], $2::int[]) WITH ORDINALITY AS t(c, r, n) ORDER BY n',
      [cells.map(decimal), resolutions],
    );
    expect(rows.map((r) => r.parent)).toEqual(cells.map((cell, i) => decimal(cellToParent(cell, resolutions[i]))));
  });

  it('is NULL for a resolution finer than the cell or below 0, and the cell itself at its own', async () => {
    const cell = decimal(latLngToCell(32.06, 118.63, 10));
    const { rows } = await db.pool.query(
      'SELECT h3_parent($1, 11) AS finer, h3_parent($1, -1) AS negative, h3_parent($1, 10)::text AS own',
      [cell],
    );
    expect(rows[0]).toEqual({ finer: null, negative: null, own: cell });
    const declared = await db.pool.query(`SELECT provolatile, proparallel FROM pg_proc WHERE oid = 'h3_parent(bigint, integer)'::regprocedure`);
    expect(declared.rows).toEqual([{ provolatile: 'i', proparallel: 's' }]);
  });
});

describe('migration 009 on a database with seed records and an import segment', () => {
  const schema = 'entity_probe';
  let probe: pg.Pool;
  let before: Snapshot;
  let applied: string[];

  interface Snapshot {
    records: Record<string, unknown>[];
    components: Record<string, unknown>[];
  }

  /** Every record and component, in a form both schemas give alike (r7–r9: stored before, h3_parent after). */
  async function snapshot(h3: (res: number) => string, attrs: string): Promise<Snapshot> {
    const records = await probe.query(
      `SELECT id::text, category_code, source_key, grid_code, encode(ST_AsEWKB(geom), 'hex') AS geom,
              ${h3(7)}::text AS r7, ${h3(8)}::text AS r8, ${h3(9)}::text AS r9, h3_r10::text AS r10, ${attrs} AS attrs, updated_at
       FROM entity ORDER BY id`,
    );
    const components = await probe.query('SELECT * FROM city_component ORDER BY entity_id');
    return { records: records.rows, components: components.rows };
  }

  /** Seed rows and import-segment rows with r7–r9 from h3-js, as the old writers stored them. */
  function cellColumns(r10: string[]) {
    const hex = r10.map((c) => BigInt(c).toString(16));
    return [7, 8, 9].map((res) => hex.map((c) => decimal(cellToParent(c, res))));
  }

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    for (const m of listMigrations().filter((m) => m.version <= 8)) fs.writeFileSync(path.join(dir, m.name), m.sql);
    await db.pool.query(`CREATE SCHEMA ${schema}`);
    await db.pool.query(`GRANT USAGE ON SCHEMA ${schema} TO lianqin_app`);
    probe = schemaPool(schema);
    await migrate(probe, dir);

    await probe.query('INSERT INTO category SELECT * FROM public.category');
    // Seed records: a sample of the demo, with their ids, and the sequence set as the seed sets it.
    const seeded = await probe.query<{ id: string; r10: string }>('SELECT id::text, h3_r10::text AS r10 FROM public.entity WHERE id % 97 = 0 ORDER BY id');
    const [r7, r8, r9] = cellColumns(seeded.rows.map((r) => r.r10));
    await probe.query(
      `INSERT INTO entity (id, category_code, source_key, grid_code, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs, updated_at)
       SELECT e.id, e.category_code, e.source_key, e.grid_code, e.geom, t.r7, t.r8, t.r9, e.h3_r10, e.attrs::text, e.updated_at
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[]) AS t(id, r7, r8, r9) JOIN public.entity e ON e.id = t.id`,
      [seeded.rows.map((r) => r.id), r7, r8, r9],
    );
    await probe.query('INSERT INTO city_component SELECT c.* FROM public.city_component c JOIN entity e ON e.id = c.entity_id');
    // Records of single writes: no key (twice in one category), outside every grid, attributes as text.
    const point = decimal(latLngToCell(32.1, 118.6, 10));
    const [p7, p8, p9] = cellColumns([point]).map((c) => c[0]);
    await probe.query(
      `INSERT INTO entity (category_code, source_key, grid_code, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs) VALUES
         ('RP01', NULL, NULL, ST_SetSRID(ST_MakePoint(118.6, 32.1), 4326), $1, $2, $3, $4, '{"name":"张三","note":"他说\\"好\\"\\n第二行"}'),
         ('RP01', NULL, NULL, ST_SetSRID(ST_MakePoint(118.6, 32.1), 4326), $1, $2, $3, $4, '{}')`,
      [p7, p8, p9, point],
    );
    // Left behind the seed's ids, so that 009 has to move it past every id of segment 0.
    await probe.query(`SELECT setval('entity_id_seq', 5)`);

    // An import segment, as the segmented import made one: a table like segment 0 holding ids
    // 2^40 + line, attached for its id range, and listed with its key filter and range.
    await probe.query('CREATE TABLE entity_segment_1 (LIKE entity_segment_0 INCLUDING DEFAULTS)');
    const keys = ['IMP-0001', 'IMP-0002', 'IMP-0003', 'IMP-0004'];
    const attrs = ['{"n":1.50,"x":[1, 2]}', '{"nested":{"a":null,"b":true},"name":"李四"}', '{}', '{"a":1,"a":2}'];
    const grid = (await probe.query<{ code: string }>('SELECT code FROM public.grid WHERE valid_to IS NULL ORDER BY code LIMIT 1')).rows[0].code;
    const segmentCells = keys.map((_, i) => decimal(latLngToCell(32.05 + i / 100, 118.62, 10)));
    const [s7, s8, s9] = cellColumns(segmentCells);
    await probe.query(
      `INSERT INTO entity_segment_1 (id, category_code, source_key, grid_code, geom, h3_r7, h3_r8, h3_r9, h3_r10, attrs, updated_at)
       SELECT $1::bigint + n, 'LE01', k, CASE WHEN n = 4 THEN NULL ELSE $2 END, ST_SetSRID(ST_MakePoint(118.62, 32.05 + (n - 1) / 100.0), 4326),
              r7, r8, r9, r10, a, '2026-03-01T08:00:00Z'
       FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[]) WITH ORDINALITY AS t(k, a, r7, r8, r9, r10, n)`,
      [SEGMENT.toString(), grid, keys, attrs, s7, s8, s9, segmentCells],
    );
    await probe.query(`ALTER TABLE entity ATTACH PARTITION entity_segment_1 FOR VALUES FROM (${SEGMENT}) TO (${2n * SEGMENT})`);
    await probe.query(
      `INSERT INTO entity_segment (segment, import_id, rows, key_filter, min_key, max_key)
       VALUES (nextval('entity_segment_seq'), 1, 4, '\\x00ff00ff'::bytea, 'IMP-0001', 'IMP-0004')`,
    );

    before = await snapshot((res) => `h3_r${res}`, 'attrs::jsonb');
    applied = await migrate(probe);
  }, 120_000);

  afterAll(async () => {
    await probe?.end();
    await db.pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('applies 009 and keeps every record as it was: ids, keys, grids, points, cells, attributes, times', async () => {
    expect(applied).toEqual(listMigrations().filter((m) => m.version > 8).map((m) => m.name));
    expect(before.records.length).toBeGreaterThan(1500);
    expect(before.records.filter((r) => BigInt(r.id as string) >= SEGMENT)).toHaveLength(4);
    expect(before.components.length).toBeGreaterThan(100);
    const after = await snapshot((res) => `h3_parent(h3_r10, ${res})`, 'attrs');
    expect(after).toEqual(before);
    // Text became jsonb: a repeated key keeps its last value, numbers their digits.
    const imported = await probe.query(`SELECT attrs::text FROM entity WHERE source_key IN ('IMP-0001', 'IMP-0004') ORDER BY source_key`);
    expect(imported.rows.map((r) => r.attrs)).toEqual(['{"n": 1.50, "x": [1, 2]}', '{"a": 2}']);
  });

  it('leaves a plain table with the columns of the design', async () => {
    const { rows } = await probe.query(
      `SELECT c.relkind, c.relrowsecurity, array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.oid = 'entity'::regclass GROUP BY c.relkind, c.relrowsecurity`,
    );
    expect(rows).toEqual([{
      relkind: 'r',
      relrowsecurity: true,
      columns: ['id bigint', 'category_code text', 'source_key text', 'grid_code text', 'geom geometry(Point,4326)', 'h3_r10 bigint',
        'attrs jsonb', 'updated_at timestamp with time zone'],
    }]);
    const gone = await probe.query(
      `SELECT to_regclass('entity_segment') AS catalogue, to_regclass('entity_segment_seq') AS sequence, to_regclass('entity_segment_0') AS s0,
              to_regclass('entity_segment_1') AS s1, to_regclass('entity_segmented') AS old, to_regprocedure('category_in_use_guard()') AS guard,
              (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = 'category'::regclass AND NOT tgisinternal) AS triggers`,
    );
    expect(gone.rows[0]).toEqual({ catalogue: null, sequence: null, s0: null, s1: null, old: null, guard: null, triggers: 0 });
    expect((await probe.query(`SELECT to_regclass('grid_category_count') IS NOT NULL AS kept`)).rows[0].kept).toBe(true);
  });

  it('has the foreign keys, the unique key and the indexes in the catalog, valid', async () => {
    const constraints = await probe.query(
      `SELECT conname AS name, contype AS kind, convalidated AS validated, confrelid::regclass::text AS refers, confdeltype AS on_delete,
              (SELECT array_agg(a.attname ORDER BY k.n) FROM unnest(conkey) WITH ORDINALITY AS k(attnum, n)
               JOIN pg_attribute a ON a.attrelid = conrelid AND a.attnum = k.attnum)::text[] AS columns
       FROM pg_constraint WHERE conrelid IN ('entity'::regclass, 'city_component'::regclass) AND contype IN ('p', 'u', 'f', 'c') ORDER BY conname`,
    );
    expect(constraints.rows).toEqual(expect.arrayContaining([
      { name: 'city_component_entity_id_fkey', kind: 'f', validated: true, refers: 'entity', on_delete: 'c', columns: ['entity_id'] },
      { name: 'entity_attrs_object', kind: 'c', validated: true, refers: '-', on_delete: ' ', columns: ['attrs'] },
      { name: 'entity_category_code_fkey', kind: 'f', validated: true, refers: 'category', on_delete: 'a', columns: ['category_code'] },
      { name: 'entity_category_code_source_key_key', kind: 'u', validated: true, refers: '-', on_delete: ' ', columns: ['category_code', 'source_key'] },
      { name: 'entity_pkey', kind: 'p', validated: true, refers: '-', on_delete: ' ', columns: ['id'] },
    ]));
    const indexes = await probe.query(
      `SELECT c.relname AS name, am.amname AS method, i.indisvalid AS valid, i.indisunique AS "unique"
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
       WHERE i.indrelid = 'entity'::regclass ORDER BY 1`,
    );
    expect(indexes.rows).toEqual([
      { name: 'entity_category_code_source_key_key', method: 'btree', valid: true, unique: true },
      { name: 'entity_geom_idx', method: 'gist', valid: true, unique: false },
      { name: 'entity_grid_idx', method: 'btree', valid: true, unique: false },
      { name: 'entity_pkey', method: 'btree', valid: true, unique: true },
    ]);
  });

  it('keeps the id sequence above every id of segment 0 and import ids as they are', async () => {
    const { rows } = await probe.query<{ id: string; max: string }>(
      `INSERT INTO entity (category_code, geom, h3_r10) VALUES ('RP01', ST_SetSRID(ST_MakePoint(118.6, 32.1), 4326), 1)
       RETURNING id::text, (SELECT max(id) FROM entity WHERE id < ${SEGMENT})::text AS max`,
    );
    expect(BigInt(rows[0].id)).toBe(BigInt(rows[0].max) + 1n);
    const attrs = await probe.query('SELECT attrs FROM entity WHERE id = $1', [rows[0].id]);
    expect(attrs.rows[0].attrs).toEqual({});
  });

  it('refuses a duplicate key, an unknown category, attributes that are not an object, and deleting a category in use', async () => {
    const insert = (category: string, key: string | null, attrs = '{}') =>
      probe.query(`INSERT INTO entity (category_code, source_key, geom, h3_r10, attrs) VALUES ($1, $2, ST_SetSRID(ST_MakePoint(118.6, 32.1), 4326), 1, $3)`, [category, key, attrs]);
    await expect(insert('LE01', 'IMP-0002')).rejects.toMatchObject({ code: '23505', constraint: 'entity_category_code_source_key_key' });
    const seeded = (await probe.query('SELECT category_code, source_key FROM entity WHERE id < 1000 AND source_key IS NOT NULL LIMIT 1')).rows[0];
    await expect(insert(seeded.category_code, seeded.source_key)).rejects.toMatchObject({ code: '23505' });
    await expect(insert('XX99', 'new-key')).rejects.toMatchObject({ code: '23503', constraint: 'entity_category_code_fkey' });
    await expect(insert('RP01', 'array-attrs', '[1, 2]')).rejects.toMatchObject({ code: '23514', constraint: 'entity_attrs_object' });
    await expect(probe.query(`DELETE FROM category WHERE code = 'LE01'`)).rejects.toMatchObject({ code: '23503' });
    await expect(probe.query(`UPDATE category SET code = 'LE99' WHERE code = 'LE01'`)).rejects.toMatchObject({ code: '23503' });
    // Records without a key stay allowed, each distinct.
    await insert('RP01', null);
    await insert('RP01', null);
    // The unique key is a constraint ON CONFLICT can name.
    const upsert = await probe.query<{ id: string }>(
      `INSERT INTO entity (category_code, source_key, geom, h3_r10, attrs) VALUES ('LE01', 'IMP-0003', ST_SetSRID(ST_MakePoint(118.6, 32.1), 4326), 1, '{"v":2}')
       ON CONFLICT (category_code, source_key) DO UPDATE SET attrs = excluded.attrs RETURNING id::text`,
    );
    expect(upsert.rows).toEqual([{ id: (SEGMENT + 3n).toString() }]);
  });

  it('deletes a record’s component with it, and keeps records in scope for lianqin_app', async () => {
    const { rows } = await probe.query<{ id: string }>('SELECT entity_id::text AS id FROM city_component ORDER BY entity_id LIMIT 1');
    await probe.query('DELETE FROM entity WHERE id = $1', [rows[0].id]);
    expect((await probe.query('SELECT 1 FROM city_component WHERE entity_id = $1', [rows[0].id])).rowCount).toBe(0);

    const street = (await probe.query<{ street: string }>('SELECT left(grid_code, 9) AS street FROM entity WHERE grid_code IS NOT NULL LIMIT 1')).rows[0].street;
    const client = await probe.connect();
    try {
      const count = (sql: string, params: unknown[] = []) => client.query(sql, params).then((r) => Number(r.rows[0].n));
      const inStreet = await count('SELECT count(*) AS n FROM entity WHERE starts_with(grid_code, $1)', [street]);
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE lianqin_app');
      await client.query(`SELECT set_config('lianqin.scope', $1, true)`, [street]);
      expect(await count('SELECT count(*) AS n FROM entity')).toBe(inStreet);
      await client.query(`SELECT set_config('lianqin.scope', '', true)`);
      expect(await count('SELECT count(*) AS n FROM entity')).toBe(0);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});

describe('a bounding-box query on the seeded database', () => {
  it('uses the GiST index on geom', async () => {
    const { rows } = await db.pool.query(
      'EXPLAIN (FORMAT JSON) SELECT id FROM entity WHERE geom && ST_MakeEnvelope(118.6, 32.05, 118.61, 32.06, 4326)',
    );
    expect(JSON.stringify(rows[0]['QUERY PLAN'])).toContain('"Index Name":"entity_geom_idx"');
  });
});
