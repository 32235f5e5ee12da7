/**
 * The PostgreSQL-only floor of an import that keeps `entity`'s safeguards: the rows one import
 * wrote (already checked, located and encoded) are sent back by COPY FROM STDIN into a fresh
 * table shaped like `entity`, and the same keys and indexes are built, in one transaction, with
 * their `city_component` rows. No file reading, no checks in Node and no merge into the rows
 * `entity` already holds: whatever an import does, it cannot take less than this on the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export interface FloorStep {
  step: string;
  seconds: number;
}

/** Times the floor for the entity rows with id above `above` (and their components). */
export async function postgresFloor(pool: pg.Pool, above: number): Promise<FloorStep[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-floor-'));
  const entities = path.join(dir, 'entity.copy');
  const components = path.join(dir, 'component.copy');
  const client = await pool.connect();
  try {
    await pipeline(client.query(copyTo(`COPY (SELECT * FROM entity WHERE id > ${above}) TO STDOUT`)), fs.createWriteStream(entities));
    await pipeline(client.query(copyTo(`COPY (SELECT * FROM city_component WHERE entity_id > ${above}) TO STDOUT`)), fs.createWriteStream(components));
    await client.query('DROP TABLE IF EXISTS floor_component, floor_entity');
    await client.query('CHECKPOINT');

    const steps: FloorStep[] = [];
    const timed = async (step: string, run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      steps.push({ step, seconds: (performance.now() - started) / 1000 });
    };
    const copy = (table: string, file: string) => pipeline(fs.createReadStream(file), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
    await client.query('BEGIN');
    await client.query('CREATE TABLE floor_entity (LIKE entity INCLUDING DEFAULTS INCLUDING CONSTRAINTS)');
    await client.query('CREATE TABLE floor_component (LIKE city_component INCLUDING DEFAULTS INCLUDING CONSTRAINTS)');
    await timed('COPY entity rows', () => copy('floor_entity', entities));
    await timed('primary key', () => client.query('ALTER TABLE floor_entity ADD PRIMARY KEY (id)'));
    await timed('unique (category_code, source_key)', () => client.query('ALTER TABLE floor_entity ADD UNIQUE (category_code, source_key)'));
    await timed('GiST on geom', () => client.query('CREATE INDEX ON floor_entity USING gist (geom)'));
    await timed('btree (grid_code, category_code)', () => client.query('CREATE INDEX ON floor_entity (grid_code, category_code)'));
    await timed('foreign key to category', () => client.query('ALTER TABLE floor_entity ADD FOREIGN KEY (category_code) REFERENCES category (code)'));
    await timed('COPY component rows', () => copy('floor_component', components));
    await timed('component keys and foreign key', async () => {
      await client.query('ALTER TABLE floor_component ADD PRIMARY KEY (entity_id), ADD UNIQUE (component_id)');
      await client.query('ALTER TABLE floor_component ADD FOREIGN KEY (entity_id) REFERENCES floor_entity (id)');
    });
    await timed('COMMIT', () => client.query('COMMIT'));
    return steps;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.query('DROP TABLE IF EXISTS floor_component, floor_entity').catch(() => {});
    client.release();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
