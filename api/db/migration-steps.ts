/**
 * Steps of a migration that SQL alone cannot take, run by migrate() in the migration's own
 * transaction right after its SQL: today, H3 cells, which only h3-js computes (there is no h3
 * extension for PostgreSQL on Debian).
 */
import type pg from 'pg';
import { h3Cell } from '../entities/h3.ts';

export type MigrationStep = (client: pg.ClientBase) => Promise<void>;

const BATCH = 5_000;

/** 011: every located case gets its resolution-10 cell; from then on a CHECK keeps it so. */
async function fillIncidentCells(client: pg.ClientBase): Promise<void> {
  for (let after = 0; ; ) {
    const { rows } = await client.query<{ id: string; lon: number; lat: number }>(
      `SELECT id, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incident
       WHERE id > $1 AND geom IS NOT NULL ORDER BY id LIMIT ${BATCH}`,
      [after],
    );
    if (!rows.length) break;
    await client.query(
      'UPDATE incident i SET h3_r10 = c.cell FROM unnest($1::bigint[], $2::bigint[]) AS c(id, cell) WHERE i.id = c.id',
      [rows.map((r) => r.id), rows.map((r) => h3Cell(r.lat, r.lon))],
    );
    after = Number(rows[rows.length - 1].id);
  }
  await client.query(`ALTER TABLE incident ADD CONSTRAINT incident_h3_located CHECK ((geom IS NULL) = (h3_r10 IS NULL))`);
}

export const MIGRATION_STEPS: Record<number, MigrationStep> = {
  11: fillIncidentCells,
};
