/**
 * The network layers, public as GET /api/v1/grids: streets and communities (division) and the
 * current grids. Polygons, one feature per area; ids are the codes as numbers (≤ 15 digits,
 * exact in a double).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { ANYONE } from '../../auth/access.ts';
import { tileBounds4326, type TileLayer } from '../layer.ts';

/** What every network layer shares: public, unscoped, no parameters, changed with the network. */
const publicNetwork = { maxzoom: 16, readers: ANYONE, scoped: false, params: z.object({}).strict(), reads: ['network'] } satisfies Partial<TileLayer>;

function divisionLayer(level: 'street' | 'community', name: string, description: string, minzoom: number): TileLayer {
  return {
    name,
    description,
    minzoom,
    ...publicNetwork,
    fields: { code: 'String', name: 'String', kind: 'String', parent: 'String' },
    source: {
      kind: 'sql',
      query: ({ tile }, geometry, db) =>
        db.selectFrom('division as d')
          .select([
            sql<string>`d.code::bigint`.as('id'),
            geometry(sql`d.geom`).as('geom'),
            'd.code', 'd.name', 'd.kind', 'd.parent_code as parent',
          ])
          .where('d.level', '=', level)
          .where(sql<boolean>`d.geom && ${tileBounds4326(tile)}`),
    },
  };
}

export const streetsLayer = divisionLayer('street', 'streets', 'Streets (街道) and special zones of the district', 8);
export const communitiesLayer = divisionLayer('community', 'communities', 'Communities (社区) and villages (村)', 10);

export const gridsLayer: TileLayer = {
  name: 'grids',
  description: 'Current grids (网格)',
  minzoom: 11,
  ...publicNetwork,
  fields: { code: 'String', name: 'String', kind: 'String', community: 'String', street: 'String', population: 'Number' },
  source: {
    kind: 'sql',
    query: ({ tile }, geometry, db) =>
      db.selectFrom('grid as g')
        .select([
          sql<string>`g.code::bigint`.as('id'),
          geometry(sql`g.geom`).as('geom'),
          'g.code', 'g.name', 'g.kind', 'g.community_code as community', 'g.street_code as street', 'g.population',
        ])
        .where('g.valid_to', 'is', null)
        .where(sql<boolean>`g.geom && ${tileBounds4326(tile)}`),
  },
};
