/**
 * The two tile encoders behind one interface: the database's ST_AsMVT (PostgreSQL), and Node's
 * geojson-vt + vt-pbf (the embedded database, whose PostGIS has no ST_AsMVT, and layers built
 * in Node). Both clip to the tile with the same buffer and extent.
 */
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { sql } from 'kysely';
import type { Queryable } from '../db/database.ts';
import { qb } from '../db/query.ts';
import { BUFFER, EXTENT, tileEnvelope, type AnyTileLayer, type GeometryOut, type Tile, type TileRequest } from './layer.ts';

export type EncoderKind = 'postgis' | 'node';

export interface TileEncoder {
  kind: EncoderKind;
  /** The tile of `layer` as MVT bytes (empty when it has no feature). */
  encode(db: Queryable, layer: AnyTileLayer, request: TileRequest<unknown>): Promise<Uint8Array>;
}

const EMPTY = new Uint8Array(0);

/** The database encodes: rows never leave it as text. */
export const postgisEncoder: TileEncoder = {
  kind: 'postgis',
  async encode(db, layer, request) {
    if (layer.source.kind === 'node') return nodeEncoder.encode(db, layer, request);
    const geometry: GeometryOut = (column) =>
      sql`ST_AsMVTGeom(ST_Transform(${column}, 3857), ${tileEnvelope(request.tile)}, ${EXTENT}::int, ${BUFFER}::int, true)`;
    const features = layer.source.query(request, geometry, qb);
    const query = sql<{ mvt: Buffer }>`SELECT ST_AsMVT(f, ${layer.name}::text, ${EXTENT}::int, 'geom', 'id') AS mvt
      FROM (${features}) f WHERE f.geom IS NOT NULL`.compile(qb);
    const { rows } = await db.query(query.sql, query.parameters as unknown[]);
    const mvt: Buffer | null = rows[0]?.mvt ?? null;
    return mvt && mvt.length ? new Uint8Array(mvt.buffer, mvt.byteOffset, mvt.length) : EMPTY;
  },
};

/** Node encodes GeoJSON features of a tile (WGS84), clipped with the same buffer as ST_AsMVTGeom. */
export function encodeFeatures(name: string, tile: Tile, features: GeoJSON.Feature[]): Uint8Array {
  if (!features.length) return EMPTY;
  const vt = geoJSONToTile({ type: 'FeatureCollection', features }, tile.z, tile.x, tile.y, {
    extent: EXTENT,
    buffer: BUFFER,
    clip: true,
    // No simplification beyond the tile grid: ST_AsMVTGeom only snaps to it either.
    tolerance: 0,
    maxZoom: tile.z,
  });
  if (!vt || !vt.features.length) return EMPTY;
  return fromGeojsonVt({ [name]: vt }, { version: 2, extent: EXTENT });
}

/** Rows with `id`, `geom` as GeoJSON text and property columns, as GeoJSON features. */
export function rowsToFeatures(rows: Record<string, unknown>[]): GeoJSON.Feature[] {
  return rows.map(({ id, geom, ...properties }) => ({
    type: 'Feature',
    id: Number(id),
    geometry: JSON.parse(geom as string) as GeoJSON.Geometry,
    properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null)),
  }));
}

export const nodeEncoder: TileEncoder = {
  kind: 'node',
  async encode(db, layer, request) {
    let features: GeoJSON.Feature[];
    if (layer.source.kind === 'node') {
      features = await layer.source.features(db, request);
    } else {
      // 7 decimals (~1 cm) are well below a pixel at z22.
      const geometry: GeometryOut = (column) => sql`ST_AsGeoJSON(${column}, 7)`;
      const query = layer.source.query(request, geometry, qb).compile();
      const { rows } = await db.query(query.sql, query.parameters as unknown[]);
      features = rowsToFeatures(rows);
    }
    return encodeFeatures(layer.name, request.tile, features);
  },
};

export const ENCODERS: Record<EncoderKind, TileEncoder> = { postgis: postgisEncoder, node: nodeEncoder };
