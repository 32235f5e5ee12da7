/**
 * Migration 011 on a database migrated to 010 that holds cases: each located case gets the
 * H3 cell h3-js gives for its point, an address-only case none, and from then on the database
 * refuses a located case without its cell. New cases get theirs when written.
 */
import { latLngToCell } from 'h3-js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { scratchSchema, type ScratchSchema } from '../testing/scratch-schema.ts';

const db = testDatabase();
let scratch: ScratchSchema;
let probe: pg.Pool;

const cellOf = (lat: number, lon: number) => BigInt('0x' + latLngToCell(lat, lon, 10)).toString();

describe('migration 011 on a database with cases', () => {
  beforeAll(async () => {
    scratch = await scratchSchema(db, 'incident_cells_probe', 10);
    probe = scratch.pool;
    await probe.query('INSERT INTO incident_category SELECT * FROM public.incident_category');
    const names = await scratch.columnsOf('incident');
    const columns = names.join(', ');
    // Located cases only: other test files add address-only cases to public.incident meanwhile; this one is added below.
    await probe.query(`INSERT INTO incident (${columns}) SELECT ${columns} FROM public.incident WHERE id % 50 = 0 AND geom IS NOT NULL`);
    await probe.query(
      `INSERT INTO incident (${columns})
       SELECT ${names.map((name) => (['id', 'ticket', 'geom', 'grid_code', 'community_code', 'street_code', 'address'].includes(name) ? {
         id: '10000000', ticket: `'PK-ADDRESS-ONLY'`, geom: 'NULL', grid_code: 'NULL', community_code: 'NULL', street_code: 'NULL', address: `'浦口大道1号'`,
       }[name] : name)).join(', ')}
       FROM public.incident WHERE geom IS NOT NULL ORDER BY id LIMIT 1`,
    );
  });

  // Dropped before the demo is read: on the embedded database the scratch schema's search path is
  // the one session's while it exists.
  afterAll(async () => {
    await scratch?.drop();
  });

  it('gives every located case the cell h3-js gives for its point, and an address-only case none', async () => {
    expect(await scratch.migrate(11)).toEqual(['011_incident_h3.sql']);
    const { rows } = await probe.query<{ id: string; lon: number | null; lat: number | null; h3: string | null }>(
      'SELECT id::text, ST_X(geom) AS lon, ST_Y(geom) AS lat, h3_r10::text AS h3 FROM incident ORDER BY id',
    );
    expect(rows.length).toBeGreaterThan(100);
    const located = rows.filter((r) => r.lon !== null);
    expect(located.map((r) => r.h3)).toEqual(located.map((r) => cellOf(r.lat!, r.lon!)));
    expect(rows.filter((r) => r.lon === null)).toEqual([{ id: '10000000', lon: null, lat: null, h3: null }]);
  });

  it('refuses a located case without its cell, or a cell without a point', async () => {
    await expect(probe.query('UPDATE incident SET h3_r10 = NULL WHERE id = (SELECT min(id) FROM incident)')).rejects.toThrow(/incident_h3_located/);
    await expect(probe.query(`UPDATE incident SET h3_r10 = 1 WHERE id = 10000000`)).rejects.toThrow(/incident_h3_located/);
  });
});

describe('the demo and new cases', () => {
  afterAll(async () => {
    await db.close();
  });

  it('has the cell of its point on every located case of the seeded database', async () => {
    const { rows } = await db.pool.query<{ lon: number; lat: number; h3: string }>(
      'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, h3_r10::text AS h3 FROM incident WHERE geom IS NOT NULL AND id % 37 = 0',
    );
    expect(rows.length).toBeGreaterThan(500);
    expect(rows.map((r) => r.h3)).toEqual(rows.map((r) => cellOf(r.lat, r.lon)));
  });
});
