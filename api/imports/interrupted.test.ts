import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { recoverInterruptedImports } from './jobs.ts';
import { csv, importKit } from './testing.ts';

const kit = importKit();
/** Imports are the admin's: kit.post, signed in as admin. */
const post = async (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
  const response = await kit.t.as('admin').request(`/api/v1/imports?${query}`, { method: 'POST', body: body as BodyInit, headers });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
};
const CHILD = path.resolve(import.meta.dirname, 'testing-child.ts');

/** Runs testing-child.ts until it reports the pause, then kills it with SIGKILL. Returns the import id. */
async function importUntilKilled(file: string, stage: 'receiving' | 'merging', bulk: boolean): Promise<number> {
  const args = [CHILD, inject('databaseUrl'), inject('databaseKind'), file, 'LE25', stage, bulk ? 'bulk' : 'rows'];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /^PAUSED (\w+) (\d+)$/.exec(line);
    if (!match) continue;
    expect(match[1]).toBe(stage);
    child.kill('SIGKILL');
    await exited;
    return Number(match[2]);
  }
  throw new Error('the child import ended without pausing');
}

/** The server's start-up recovery; the database notices the killed connection a moment later. */
async function recover(id: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await recoverInterruptedImports(kit.t.db.pool, inject('databaseKind') === 'embedded')).includes(id)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`import ${id} was not recovered`);
}

async function state() {
  const { rows } = await kit.t.db.pool.query<{ n: number; max: number; counts: string }>(
    `SELECT (SELECT count(*)::int FROM entity) AS n, (SELECT max(id)::float8 FROM entity) AS max,
            (SELECT md5(string_agg(grid_code || category_code || n, ',' ORDER BY grid_code, category_code)) FROM grid_category_count) AS counts`,
  );
  return rows[0];
}

describe('imports: an import killed mid-way leaves the database as before, and can be run again', () => {
  const { places } = kit;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianqin-import-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = async (name: string) => {
    const { inside } = await places();
    const rows: (string | number)[][] = [['key', 'lon', 'lat', 'note']];
    for (let i = 0; i < 8000; i++) rows.push([`${name}-${i}`, inside[i % 6].lon, inside[i % 6].lat, 'x'.repeat(60)]);
    const out = path.join(dir, `${name}.csv`);
    fs.writeFileSync(out, csv(rows));
    return out;
  };

  it.each([
    ['merging', false],
    ['merging', true],
    ['receiving', false],
  ] as const)('killed while %s (large-load path: %s)', async (stage, bulk) => {
    const before = await state();
    const path = await file(`kill-${stage}-${bulk ? 'bulk' : 'rows'}`);
    const id = await importUntilKilled(path, stage, bulk);
    expect(await state()).toEqual(before);
    expect((await kit.t.getJson(`/api/v1/imports/${id}`, 'admin')).body.status).toBe(stage);

    await recover(id);
    const { body: job } = await kit.t.getJson(`/api/v1/imports/${id}`, 'admin');
    expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/^interrupted/) });
    const { rows } = await kit.t.db.pool.query(`SELECT to_regclass($1) AS staging`, [`entity_load_${id}`]);
    expect(rows[0].staging).toBeNull();
    expect(await state()).toEqual(before);

    const { status, body } = await post('format=csv&category=LE25', fs.readFileSync(path));
    expect(status).toBe(201);
    expect(body.counts).toMatchObject({ read: 8000, inserted: 8000 });
  });
});
