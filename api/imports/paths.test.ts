import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { GridIndex } from '../lookup/grid-index.ts';
import { rebuildStats } from '../stats/counts.ts';
import { createImport, runImport } from './pipeline.ts';
import { csv, importKit } from './testing.ts';

const kit = importKit();
const { t } = kit;
const post = async (query: string, body: string) => {
  const response = await t.as('admin').request(`/api/v1/imports?${query}`, { method: 'POST', body });
  return { status: response.status, body: await response.json() };
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianqin-paths-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('imports: city components', () => {
  it('creates a city_component row for each record of a component category, and rejects one without a 17-digit id', async () => {
    const { inside } = await kit.places();
    const { rows: categories } = await t.db.pool.query<{ code: string; gb_code: string }>(
      `SELECT code, gb_code FROM category WHERE domain = 'city_component' ORDER BY code LIMIT 1`);
    const [{ code, gb_code: gbCode }] = categories;
    const id = (i: number) => `320111${gbCode}99000${i}`;
    const file = csv([['component_id', 'lon', 'lat', 'name'], [id(1), inside[0].lon, inside[0].lat, '井盖甲'], [id(2), inside[1].lon, inside[1].lat, '井盖乙'], ['no-id', inside[1].lon, inside[1].lat, '井盖丙']]);
    const { status, body } = await post(`format=csv&category=${code}`, file);
    expect(status).toBe(201);
    expect(body.counts).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    expect(body.rejections.first[0]).toMatchObject({ line: 4, reason: 'a city component needs its 17-digit component id as the source key (component_id)' });
    const { rows } = await t.db.pool.query(
      `SELECT c.component_id, c.class_code, c.state, e.grid_code FROM city_component c JOIN entity e ON e.id = c.entity_id
       WHERE c.component_id = ANY($1) ORDER BY c.component_id`, [[id(1), id(2)]]);
    expect(rows).toEqual([
      { component_id: id(1), class_code: gbCode, state: 'in_order', grid_code: inside[0].grid },
      { component_id: id(2), class_code: gbCode, state: 'in_order', grid_code: inside[1].grid },
    ]);
    // Again: nothing changes, and no second component row.
    expect((await post(`format=csv&category=${code}`, file)).body.counts).toMatchObject({ inserted: 0, unchanged: 2 });
    const { rows: count } = await t.db.pool.query('SELECT count(*)::int AS n FROM city_component WHERE component_id = ANY($1)', [[id(1), id(2)]]);
    expect(count[0].n).toBe(2);
  });
});

describe('imports: the large-load path and the small one', () => {
  it('create and keep the same city components', async () => {
    const { inside } = await kit.places();
    const { rows: [{ code, gb_code: gbCode }] } = await t.db.pool.query<{ code: string; gb_code: string }>(
      `SELECT code, gb_code FROM category WHERE domain = 'city_component' ORDER BY code LIMIT 1`);
    const id = (i: number) => `320111${gbCode}98${String(i).padStart(4, '0')}`;
    const options = { format: 'csv', encoding: 'auto', category: code, srid: 4326, mapping: {}, origin: 'cli' } as const;
    const file = (note: string) => csv([['component_id', 'lon', 'lat', 'note'], ...[1, 2, 3].map((i) => [id(i), inside[i].lon, inside[i].lat, `${note}${i}`])]);
    for (const bulk of [false, true]) {
      for (const note of ['a', 'b']) {
        const job = await runImport({ db: t.db, gridIndex: new GridIndex(t.db.pool), bulk }, await createImport(t.db.pool, options), (async function* () { yield Buffer.from(file(note)); })(), options);
        expect([job.rowsInserted, job.rowsUpdated]).toEqual(note === 'a' ? [3, 0] : [0, 3]);
      }
      const { rows } = await t.db.pool.query(
        `SELECT c.component_id, c.class_code, e.attrs->>'note' AS note FROM city_component c JOIN entity e ON e.id = c.entity_id
         WHERE c.component_id = ANY($1) ORDER BY 1`, [[1, 2, 3].map(id)]);
      expect(rows).toEqual([1, 2, 3].map((i) => ({ component_id: id(i), class_code: gbCode, note: `b${i}` })));
      await t.db.pool.query('DELETE FROM entity WHERE source_key = ANY($1)', [[1, 2, 3].map(id)]);
      await rebuildStats(t.db.pool);
    }
    const { rows: keys } = await t.db.pool.query(`SELECT convalidated FROM pg_constraint WHERE conrelid = 'city_component'::regclass AND contype = 'f'`);
    expect(keys).toEqual([{ convalidated: true }]);
  });

  /** What the import left in entity for the file's keys, and the job's counts. */
  async function importWith(bulk: boolean, text: string) {
    const options = { format: 'csv', encoding: 'auto', category: 'LE19', srid: 4326, mapping: {}, origin: 'cli' } as const;
    const job = await runImport({ db: t.db, gridIndex: new GridIndex(t.db.pool), bulk }, await createImport(t.db.pool, options), (async function* () { yield Buffer.from(text); })(), options);
    const { rows } = await t.db.pool.query(
      `SELECT category_code, source_key, grid_code, ST_AsEWKT(geom) AS geom, h3_r10::text, attrs FROM entity
       WHERE source_key LIKE 'path-%' ORDER BY source_key`);
    return { counts: [job.rowsRead, job.rowsInserted, job.rowsUpdated, job.rowsUnchanged, job.rowsRejected], rows };
  }

  it('give the same records, counts and statistics for the same files', async () => {
    const { inside, outside } = await kit.places();
    const rows = (note: string) => Array.from({ length: 3000 }, (_, i) => {
      const p = i % 7 === 6 ? outside : inside[i % 6];
      return [`path-${i % 2900}`, p.lon + (i % 5) * 1e-5, p.lat, `${note}${i % 3 === 0 ? i : ''}`];
    });
    const first = csv([['key', 'lon', 'lat', 'note'], ...rows('a')]);
    const second = csv([['key', 'lon', 'lat', 'note'], ...rows('b').slice(0, 1500), ...rows('a').slice(1500)]);
    const results = [];
    for (const bulk of [false, true]) {
      const one = await importWith(bulk, first);
      const two = await importWith(bulk, second);
      expect(await kit.countDrift()).toEqual([]);
      results.push({ one, two });
      await t.db.pool.query(`DELETE FROM entity WHERE source_key LIKE 'path-%'`);
      await rebuildStats(t.db.pool);
    }
    expect(results[0].one.counts).toEqual([3000, 2900, 0, 0, 100]);
    expect(results[0].two.counts[2]).toBeGreaterThan(0);
    expect(results[1]).toEqual(results[0]);
    // The large-load path built entity's indexes again: all there, all valid.
    const { rows: indexes } = await t.db.pool.query<{ def: string; valid: boolean }>(
      `SELECT pg_get_indexdef(indexrelid) AS def, indisvalid AS valid FROM pg_index WHERE indrelid = 'entity'::regclass`);
    expect(indexes.every((i) => i.valid)).toBe(true);
    expect(indexes.map((i) => i.def).join('\n')).toMatch(/USING gist \(geom\)[\s\S]*|[\s\S]*USING gist \(geom\)/);
    expect(indexes.some((i) => /\(grid_code, category_code\)/.test(i.def))).toBe(true);
    const { rows: keys } = await t.db.pool.query(`SELECT convalidated FROM pg_constraint WHERE conrelid = 'entity'::regclass AND contype = 'f'`);
    expect(keys).toEqual([{ convalidated: true }]);
    const { rows: unique } = await t.db.pool.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'entity'::regclass AND contype = 'u'`);
    expect(unique).toEqual([{ def: 'UNIQUE (category_code, source_key)' }]);
  });
});

describe('imports: npm run import', () => {
  const run = (args: string[]) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../scripts/import.ts'), ...args], {
      env: { ...process.env, DATABASE_URL: inject('databaseUrl') }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
  const lastJob = async () => (await t.db.pool.query('SELECT id::float8 AS id, created_by::float8 AS created_by, origin, status FROM import_job ORDER BY id DESC LIMIT 1')).rows[0];

  // The CLI opens the database itself: on the embedded one it would start another PGlite.
  it.skipIf(inject('databaseKind') === 'embedded')('records the account given with --user, none without it, and refuses an unknown one', async () => {
    const { inside } = await kit.places();
    const file = path.join(dir, 'cli.csv');
    fs.writeFileSync(file, csv([['key', 'lon', 'lat'], ['cli-1', inside[0].lon, inside[0].lat]]));
    const { rows } = await t.db.pool.query(`SELECT id::float8 AS id FROM app_user WHERE username = 'admin'`);
    const withUser = await run([file, '--category', 'LE18', '--user', 'admin']);
    expect(withUser.code, withUser.out).toBe(0);
    expect(await lastJob()).toMatchObject({ created_by: rows[0].id, origin: 'cli', status: 'done' });

    const without = await run([file, '--category', 'LE18']);
    expect(without.code, without.out).toBe(0);
    expect(without.out).toContain('records no account as its author');
    expect(await lastJob()).toMatchObject({ created_by: null, origin: 'cli', status: 'done' });

    const before = await lastJob();
    const unknown = await run([file, '--category', 'LE18', '--user', 'nobody-here']);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('no account is named "nobody-here"');
    expect((await lastJob()).id).toBe(before.id);
  });
});
