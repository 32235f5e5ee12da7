/**
 * Case counts per H3 cell, the resolution chosen from the zoom. H3 is not in SQL: the database
 * counts cases per h3_parent(h3_r10, res) around the tile and Node draws the hexagons with
 * h3-js, on both databases. Feature id: the cell's base cell and digits (its low 52 bits),
 * unique within a tile since one zoom has one resolution; the full index is the `h3` property.
 */
import { cellToBoundary, getHexagonEdgeLengthAvg, UNITS } from 'h3-js';
import { sql } from 'kysely';
import { rule } from '../../auth/access.ts';
import { AGGREGATE_READERS } from '../../auth/roles.ts';
import { qb } from '../../db/query.ts';
import { tileLonLatBounds, type TileLayer } from '../layer.ts';
import { incidentFilters, type IncidentFilters } from './incident-filters.ts';
import { casesIn } from './incidents.ts';

/** z ≤ 9 → 7, 10–11 → 8, 12–13 → 9, ≥ 14 → 10 (a cell is then ~10–40 px across). */
export const resolutionOf = (z: number) => (z <= 9 ? 7 : z <= 11 ? 8 : z <= 13 ? 9 : 10);

const LOW_52_BITS = (1n << 52n) - 1n;

export const incidentsH3Layer: TileLayer<IncidentFilters> = {
  name: 'incidents_h3',
  description: 'Case counts per H3 cell (resolution 7–10 by zoom)',
  minzoom: 6,
  maxzoom: 18,
  fields: { h3: 'String', res: 'Number', count: 'Number' },
  readers: rule(...AGGREGATE_READERS),
  scoped: true,
  params: incidentFilters,
  reads: ['incidents'],
  source: {
    kind: 'node',
    async features(db, request) {
      const res = resolutionOf(request.tile.z);
      const [west, south, east, north] = tileLonLatBounds(request.tile);
      // A whole cell around the tile, so that the cells at its edge are counted whole.
      const margin = (2 * getHexagonEdgeLengthAvg(res, UNITS.km)) / 100;
      const bounds = sql`ST_MakeEnvelope(${west - margin}, ${south - margin}, ${east + margin}, ${north + margin}, 4326)`;
      const query = casesIn(qb, request, bounds)
        .select([sql<string>`h3_parent(i.h3_r10, ${res}::int)`.as('cell'), sql<number>`count(*)::int`.as('count')])
        .groupBy(sql`1`)
        .compile();
      const { rows } = await db.query(query.sql, query.parameters as unknown[]);
      return rows.map((row: { cell: string; count: number }): GeoJSON.Feature => {
        const cell = BigInt(row.cell);
        const h3 = cell.toString(16);
        return {
          type: 'Feature',
          id: Number(cell & LOW_52_BITS),
          geometry: { type: 'Polygon', coordinates: [cellToBoundary(h3, true)] },
          properties: { h3, res, count: row.count },
        };
      });
    },
  },
};
