/**
 * City components (管理部件: manholes, lamps, hydrants…) as points, for the readers of the grid
 * database within their jurisdiction (row-level security on entity). No attributes beyond the
 * component's identity and state.
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { rule } from '../../auth/access.ts';
import { RECORD_READERS } from '../../auth/roles.ts';
import { tileBounds4326, type TileLayer } from '../layer.ts';

const componentParams = z.object({
  class: z.string().regex(/^\d{5}(,\d{5})*$/, 'class: 5-digit component class codes, comma-separated').optional(),
  state: z.enum(['in_order', 'out_of_order']).optional(),
}).strict();

export const cityComponentsLayer: TileLayer<z.infer<typeof componentParams>> = {
  name: 'city_components',
  description: 'City components (管理部件) with their state',
  minzoom: 13,
  maxzoom: 18,
  fields: { component_id: 'String', class: 'String', category: 'String', state: 'String', grid: 'String' },
  readers: rule(...RECORD_READERS),
  scoped: true,
  params: componentParams,
  reads: ['components'],
  source: {
    kind: 'sql',
    query: ({ tile, params, scope }, geometry, db) => {
      let q = db.selectFrom('city_component as c')
        .innerJoin('entity as e', 'e.id', 'c.entity_id')
        .select([
          'e.id',
          geometry(sql`e.geom`).as('geom'),
          'c.component_id', 'c.class_code as class', 'e.category_code as category', 'c.state', 'e.grid_code as grid',
        ])
        .where(sql<boolean>`e.geom && ${tileBounds4326(tile)}`);
      if (scope) {
        const prefix = scope.prefix;
        q = q.where((eb) => {
          const grids = eb.and([eb('e.grid_code', '>=', prefix), eb('e.grid_code', '<', `${prefix}:`)]);
          return prefix.length === 6 ? eb.or([grids, eb('e.grid_code', 'is', null)]) : grids;
        });
      }
      if (params.class) q = q.where('c.class_code', '=', sql<string>`ANY(${params.class.split(',')}::text[])`);
      if (params.state) q = q.where('c.state', '=', params.state);
      return q;
    },
  },
};
