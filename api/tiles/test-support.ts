/** Shared by the tile tests: MVT decoding and tiles around the seed's cases. */
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Queryable } from '../db/database.ts';
import type { Tile } from './layer.ts';

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, unknown>;
  /** Rings or points in tile units (0..4096). */
  geometry: { x: number; y: number }[][];
}

/** The features of one layer of an MVT (none for empty bytes). */
export function decodeLayer(bytes: Uint8Array, name: string): DecodedFeature[] {
  if (!bytes.length) return [];
  const tile = new VectorTile(new PbfReader(bytes));
  const layer = tile.layers[name];
  if (!layer) return [];
  const features: DecodedFeature[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    features.push({ id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry().map((ring) => ring.map((p) => ({ x: p.x, y: p.y }))) });
  }
  return features;
}

/** The tile at zoom z holding a point. */
export function tileAt(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x, y };
}

/** The point where cases are densest (the centre of the busiest ~1 km square). */
export async function densestPoint(db: Queryable, where = 'true'): Promise<[number, number]> {
  const { rows } = await db.query(`SELECT avg(ST_X(geom)) AS lon, avg(ST_Y(geom)) AS lat FROM incident
    WHERE geom IS NOT NULL AND ${where}
    GROUP BY round(ST_X(geom)::numeric, 2), round(ST_Y(geom)::numeric, 2) ORDER BY count(*) DESC LIMIT 1`);
  return [Number(rows[0].lon), Number(rows[0].lat)];
}

/** Ids of the cases inside a tile with a buffer of `buffer` tile units (the encoders keep 64), by SQL. */
export async function caseIdsInTile(db: Queryable, { z, x, y }: Tile, where = 'true', params: unknown[] = [], buffer = 64): Promise<number[]> {
  const { rows } = await db.query(
    `SELECT id FROM incident WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${buffer}.0 / 4096)) AND ${where} ORDER BY id`, params);
  return rows.map((r) => Number(r.id));
}

/**
 * Whether a tile's feature ids are the cases SQL finds in it: every case within the buffer less
 * a tile unit, none beyond the buffer plus one (ST_AsMVTGeom keeps a point that rounds onto the
 * buffer's edge; geojson-vt clips before rounding).
 */
export async function sameCasesAsSql(db: Queryable, ids: (number | undefined)[], tile: Tile, where = 'true', params: unknown[] = []) {
  const got = new Set(ids);
  const inner = await caseIdsInTile(db, tile, where, params, 63);
  const outer = new Set(await caseIdsInTile(db, tile, where, params, 65));
  return { missing: inner.filter((id) => !got.has(id)), extra: [...got].filter((id) => !outer.has(id!)), count: inner.length };
}

/** Whether a feature lies on the buffer's edge (within a tile unit of it). */
export const onBufferEdge = (f: DecodedFeature) =>
  f.geometry.flat().some((p) => Math.abs(p.x + 64) <= 1 || Math.abs(p.x - 4160) <= 1 || Math.abs(p.y + 64) <= 1 || Math.abs(p.y - 4160) <= 1);
