/**
 * Helpers for the import, entity and stats tests. The test database is shared by every test
 * file of a run and other files check the seeded data exactly (counts, ids, the id sequence),
 * so each file removes what it imported: records with ids above the seed's, their counts, and
 * the sequence's advance.
 */
import { afterAll, beforeAll } from 'vitest';
import { rebuildStats } from '../stats/counts.ts';
import { testApp, type TestApp } from '../testing/app.ts';

export interface Place {
  grid: string;
  lon: number;
  lat: number;
}

export interface ImportKit {
  t: TestApp;
  /** Points inside distinct grids (the first grids by code), and one inside the district's extent but outside every grid. */
  places(): Promise<{ inside: Place[]; outside: { lon: number; lat: number } }>;
  /** grid_category_count rows that differ from a recount of entity (none when the counts are right). */
  countDrift(): Promise<unknown[]>;
  /** Entities imported by this file's tests so far with this source-key prefix. */
  entities(prefix: string): Promise<{ source_key: string; category_code: string; grid_code: string | null; lon: number; lat: number; attrs: any; h3_r10: string }[]>;
}

export function importKit(): ImportKit {
  const t = testApp();
  let seedMax = 0;
  beforeAll(async () => {
    const { rows } = await t.db.pool.query<{ max: number }>('SELECT coalesce(max(id), 0)::float8 AS max FROM entity');
    seedMax = rows[0].max;
  });
  afterAll(async () => {
    await t.db.pool.query('DELETE FROM entity WHERE id > $1', [seedMax]);
    await t.db.pool.query(`SELECT setval('entity_id_seq', greatest($1, 1), $1 > 0)`, [seedMax]);
    await rebuildStats(t.db.pool);
    await t.db.close();
  });

  let cached: Awaited<ReturnType<ImportKit['places']>> | undefined;
  return {
    t,
    async places() {
      if (cached) return cached;
      const { rows } = await t.db.pool.query<Place>(
        `SELECT code AS grid, ST_X(p) AS lon, ST_Y(p) AS lat
         FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM grid WHERE valid_to IS NULL ORDER BY code LIMIT 6) g`,
      );
      // A point in the district's bounding box but outside its outline: every grid lies inside the outline.
      const { rows: corner } = await t.db.pool.query<{ lon: number; lat: number }>(
        `WITH d AS (SELECT ST_Union(geom) AS geom FROM division WHERE level = 'district'),
              c AS (SELECT ST_XMin(geom) + i * (ST_XMax(geom) - ST_XMin(geom)) / 40 AS lon, ST_YMin(geom) + j * (ST_YMax(geom) - ST_YMin(geom)) / 40 AS lat
                    FROM d, generate_series(1, 39) i, generate_series(1, 39) j)
         SELECT lon, lat FROM c WHERE NOT EXISTS (SELECT 1 FROM grid g WHERE g.valid_to IS NULL AND ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(lon, lat), 4326)))
         ORDER BY lon, lat LIMIT 1`,
      );
      cached = { inside: rows, outside: corner[0] };
      return cached;
    },
    async countDrift() {
      const { rows } = await t.db.pool.query(
        `SELECT coalesce(r.grid_code, c.grid_code) AS grid, coalesce(r.category_code, c.category_code) AS category, r.n AS recount, c.n AS kept
         FROM (SELECT coalesce(grid_code, '') AS grid_code, category_code, count(*) AS n FROM entity GROUP BY 1, 2) r
         FULL JOIN grid_category_count c ON c.grid_code = r.grid_code AND c.category_code = r.category_code
         WHERE r.n IS DISTINCT FROM c.n`,
      );
      return rows;
    },
    async entities(prefix) {
      const { rows } = await t.db.pool.query(
        `SELECT source_key, category_code, grid_code, ST_X(geom) AS lon, ST_Y(geom) AS lat, attrs::json AS attrs, h3_r10::text AS h3_r10
         FROM entity WHERE id > $1 AND source_key LIKE $2 ORDER BY source_key`,
        [seedMax, `${prefix}%`],
      );
      return rows;
    },
  };
}

/** CSV text from rows (fields are joined as given: quote them in the test when needed). */
export const csv = (rows: (string | number)[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';
