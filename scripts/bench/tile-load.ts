/**
 * Synthetic cases for bench:tiles: copies of the seeded cases moved by up to ~30 m, so that the
 * hotspots stay where the seed put them, each with its own ticket and its H3 cell from h3-js.
 * The moves go in by COPY into a scratch table, then one INSERT … SELECT into incident.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { h3Cell } from '../../api/entities/h3.ts';
import { Random } from '../../seeds/random.ts';

export async function loadSyntheticCases(pool: pg.Pool, target: number, seed: number, log: (m: string) => void): Promise<void> {
  const { rows: [{ n }] } = await pool.query(`SELECT count(*)::int AS n FROM incident`);
  if (n >= target) return;
  const started = Date.now();
  const { rows: sources } = await pool.query(`SELECT id::int AS id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident WHERE geom IS NOT NULL ORDER BY id`);
  const random = new Random(seed);
  const missing = target - n;
  log(`adding ${missing.toLocaleString('en')} synthetic cases to ${n.toLocaleString('en')}…`);
  const client = await pool.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS bench_case_move; CREATE UNLOGGED TABLE bench_case_move (n int, source bigint, lon float8, lat float8, h3 bigint)`);
    function* lines() {
      for (let i = 0; i < missing; i++) {
        const s = sources[random.int(0, sources.length - 1)];
        const lon = s.lon + random.range(-0.0003, 0.0003);
        const lat = s.lat + random.range(-0.0003, 0.0003);
        yield `${i}\t${s.id}\t${lon}\t${lat}\t${h3Cell(lat, lon)}\n`;
      }
    }
    await pipeline(Readable.from(lines()), client.query(copyFrom('COPY bench_case_move FROM STDIN')));
    // Every column of the source case but id, ticket, geom and h3_r10.
    const { rows: columns } = await client.query(`SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS list FROM pg_attribute
      WHERE attrelid = 'incident'::regclass AND attnum > 0 AND NOT attisdropped AND attname NOT IN ('id', 'ticket', 'geom', 'h3_r10')`);
    const list = columns[0].list as string;
    const prefixed = list.split(', ').map((c) => `i.${c}`).join(', ');
    await client.query(`INSERT INTO incident (ticket, geom, h3_r10, ${list})
      SELECT 'BENCH' || m.n, ST_SetSRID(ST_MakePoint(m.lon, m.lat), 4326), m.h3, ${prefixed}
      FROM bench_case_move m JOIN incident i ON i.id = m.source`);
    await client.query(`DROP TABLE bench_case_move`);
    await client.query('ANALYZE incident');
  } finally {
    client.release();
  }
  log(`synthetic cases loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
