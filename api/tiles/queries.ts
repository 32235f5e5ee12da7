/** The SQL of the tile domain beside the layers' own: the extent of the network, for TileJSON bounds. */
import type { Queryable } from '../db/database.ts';

/** [west, south, east, north] of the loaded district, or the whole world when none is loaded. */
export async function networkBounds(db: Queryable): Promise<[number, number, number, number]> {
  const { rows } = await db.query(`SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n
    FROM (SELECT ST_Extent(geom) AS e FROM division WHERE level = 'street') x WHERE e IS NOT NULL`);
  const b = rows[0];
  return b ? [b.w, b.s, b.e, b.n].map((v: number) => Math.round(v * 1e6) / 1e6) as [number, number, number, number] : [-180, -85.0511, 180, 85.0511];
}
