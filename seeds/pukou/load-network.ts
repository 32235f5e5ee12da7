/**
 * Loads the generated network into `division` and `grid`, in one transaction. Rows travel as
 * one JSON parameter per batch (INSERT ... SELECT FROM jsonb_to_recordset), which works on
 * the real PostgreSQL and through the embedded PGlite socket alike, where COPY does not.
 */
import type pg from 'pg';
import { inTransaction } from '../../api/db/transaction.ts';
import type { DivisionLevel, PukouNetwork, SeedProgress } from './types.ts';

const LEVELS_PARENTS_FIRST: DivisionLevel[] = ['district', 'street', 'community'];
const GRID_BATCH = 100;

// Geometry goes as a GeoJSON string, so the JSON layer cannot touch its digits.
const INSERT_DIVISIONS = `
  INSERT INTO division (code, name, level, kind, parent_code, geom, area_km2)
  SELECT d.code, d.name, d.level, d.kind, d.parent_code, shape.geom, ST_Area(shape.geom::geography) / 1e6
  FROM jsonb_to_recordset($1::jsonb)
       AS d(code text, name text, level text, kind text, parent_code text, geometry text)
  CROSS JOIN LATERAL (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(d.geometry), 4326)) AS geom) AS shape`;

const INSERT_GRIDS = `
  INSERT INTO grid (code, name, community_code, street_code, kind, households, population, geom, area_km2)
  SELECT g.code, g.name, g.community_code, g.street_code, g.kind, g.households, g.population,
         shape.geom, ST_Area(shape.geom::geography) / 1e6
  FROM jsonb_to_recordset($1::jsonb)
       AS g(code text, name text, community_code text, street_code text, kind text,
            households integer, population integer, geometry text)
  CROSS JOIN LATERAL (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(g.geometry), 4326)) AS geom) AS shape`;

/** Inserts divisions (district, streets, communities) and then grids; all or nothing. */
export async function loadNetwork(
  pool: pg.Pool,
  network: PukouNetwork,
  onProgress?: (progress: SeedProgress) => void,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    let done = 0;
    for (const level of LEVELS_PARENTS_FIRST) {
      const rows = network.divisions
        .filter((division) => division.level === level)
        .map((division) => ({
          code: division.code,
          name: division.name,
          level: division.level,
          kind: division.kind,
          parent_code: division.parentCode,
          geometry: JSON.stringify(division.geometry),
        }));
      await client.query(INSERT_DIVISIONS, [JSON.stringify(rows)]);
      done += rows.length;
      onProgress?.({ stage: 'divisions', done, total: network.divisions.length });
    }
    for (let start = 0; start < network.grids.length; start += GRID_BATCH) {
      const rows = network.grids.slice(start, start + GRID_BATCH).map((grid) => ({
        code: grid.code,
        name: grid.name,
        community_code: grid.communityCode,
        street_code: grid.streetCode,
        kind: grid.kind,
        households: grid.households,
        population: grid.population,
        geometry: JSON.stringify(grid.geometry),
      }));
      await client.query(INSERT_GRIDS, [JSON.stringify(rows)]);
      onProgress?.({ stage: 'grids', done: start + rows.length, total: network.grids.length });
    }
  });
}
