/**
 * Cases as points, for case readers within their jurisdiction (the case list's scope, and
 * row-level security under it). Properties carry no personal data: never reporter fields,
 * address or description.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { rule } from '../../auth/access.ts';
import { CASE_READERS } from '../../auth/roles.ts';
import { anyOf, inCategories, inScope } from '../../incidents/list.ts';
import type { Tables } from '../../db/tables.ts';
import { tileBounds4326, type TileLayer, type TileRequest } from '../layer.ts';
import { incidentFilters, type IncidentFilters } from './incident-filters.ts';

/** The cases of a tile request within `bounds` (WGS84): its reader's scope and its filters. */
export function casesIn(db: Kysely<Tables>, { params, scope }: TileRequest<IncidentFilters>, bounds: RawBuilder<unknown>) {
  // `&&` uses the GiST index under row-level security too: sql/013 marks it leakproof.
  let q = db.selectFrom('incident as i').where(sql<boolean>`i.geom && ${bounds}`);
  if (scope) q = q.where(inScope(scope));
  if (params.from) q = q.where('i.created_at', '>=', params.from);
  if (params.to) q = q.where('i.created_at', '<', params.to);
  if (params.category) q = q.where(inCategories(params.category));
  if (params.source) q = q.where('i.source', '=', anyOf(params.source));
  if (params.status) q = q.where('i.status', '=', anyOf(params.status));
  return q;
}

export const incidentsLayer: TileLayer<IncidentFilters> = {
  name: 'incidents',
  description: 'Cases (案件) of the reader\'s jurisdiction as points',
  minzoom: 10,
  maxzoom: 18,
  fields: { category: 'String', source: 'String', status: 'String', priority: 'String', level: 'String', created_at: 'Number' },
  readers: rule(...CASE_READERS),
  scoped: true,
  params: incidentFilters,
  reads: ['incidents'],
  source: {
    kind: 'sql',
    query: ({ tile, params, scope }, geometry, db) => {
      return casesIn(db, { tile, params, scope }, tileBounds4326(tile)).select([
        'i.id',
        geometry(sql`i.geom`).as('geom'),
        'i.category_code as category', 'i.source', 'i.status', 'i.priority', 'i.level',
        sql<number>`floor(extract(epoch FROM i.created_at))::float8`.as('created_at'),
      ]);
    },
  },
};
