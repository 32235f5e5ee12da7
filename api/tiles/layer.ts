/**
 * Vector tiles (TileJSON 3.0 + Mapbox Vector Tiles), in the manner of Martin and pg_tileserv:
 * one `TileLayer` per file in `layers/`, served by `routes.ts` at `/tiles/{layer}.json` and
 * `/tiles/{layer}/{z}/{x}/{y}.mvt`, encoded by one of two encoders (`encode.ts`) behind one
 * interface, cached in memory by bytes (`cache.ts`) and invalidated by the data version of the
 * tables a layer reads (`versions.ts`, triggers of sql/013).
 *
 * What runs where (measured with bench:tiles, docs/benchmarks.md):
 * - SQL layers (streets, communities, grids, city components, incidents): on PostgreSQL the
 *   database encodes (`ST_AsMVT`/`ST_AsMVTGeom`), which is what Martin and pg_tileserv do and
 *   the fastest: rows never leave the server as text. PGlite's PostGIS is built without
 *   protobuf (no `ST_AsMVT`), so on the embedded database the same query returns GeoJSON
 *   geometry and Node encodes (`@maplibre/geojson-vt` clips and scales, `@maplibre/vt-pbf`
 *   writes the protobuf). Both encoders are tested to give the same features.
 * - incidents_h3: H3 is not in SQL, so SQL only counts cases per `h3_parent(h3_r10, res)` in
 *   the tile and Node draws the hexagons (h3-js) and encodes them, on both databases.
 * - Case and component tiles are read under the reader's row-level security (api/auth/scope.ts),
 *   like the case list; sql/013 marks `&&` leakproof so that the GiST index still serves them.
 * - Tile coordinates beyond 2^z, or z outside 0..22: 400. A zoom outside a layer's
 *   minzoom..maxzoom: 204 No Content (an empty tile, as MapLibre expects).
 */
import type { Kysely, RawBuilder, SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AccessRule } from '../auth/access.ts';
import type { DataScope } from '../auth/scope.ts';
import type { Queryable } from '../db/database.ts';
import type { Tables } from '../db/tables.ts';

/** MVT extent and the buffer around a tile (in tile units) that both encoders keep. */
export const EXTENT = 4096;
export const BUFFER = 64;
export const MAX_ZOOM = 22;

export interface Tile {
  z: number;
  x: number;
  y: number;
}

/** The tables whose changes a layer shows: each has a data version (versions.ts). */
export type DataGroup = 'network' | 'components' | 'incidents';

/** A TileJSON `vector_layers` field type, as TileJSON 3.0 describes them. */
export type FieldType = 'Number' | 'String' | 'Boolean';

/** Who asks: the scope of a signed-in staff account, or nobody (public layers). */
export interface TileRequest<P> {
  tile: Tile;
  params: P;
  scope: DataScope | null;
}

/** The geometry column as an encoder wants it: ST_AsMVTGeom in the database, or GeoJSON text for Node. */
export type GeometryOut = (column: RawBuilder<unknown>) => RawBuilder<unknown>;

/** A query whose rows are features: `id`, `geom` (from GeometryOut), and one column per field. */
export type FeatureQuery = SelectQueryBuilder<any, any, any>;

export type TileSource<P> =
  /** Features selected in SQL; the encoder chooses how the geometry leaves the database. */
  | { kind: 'sql'; query(request: TileRequest<P>, geometry: GeometryOut, db: Kysely<Tables>): FeatureQuery }
  /** Features built in Node (GeoJSON in WGS84), always encoded by Node. */
  | { kind: 'node'; features(db: Queryable, request: TileRequest<P>): Promise<GeoJSON.Feature[]> };

export interface TileLayer<P = Record<string, never>> {
  /** The layer's name: in URLs and as the MVT layer id. */
  name: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  /** Property names and types (TileJSON vector_layers.fields). */
  fields: Record<string, FieldType>;
  /** Who may read it (the routes' access rule). */
  readers: AccessRule;
  /** Runs under the reader's jurisdiction (row-level security, api/auth/scope.ts); answers are private. */
  scoped: boolean;
  /** The query parameters it accepts (validated; unknown ones refused). */
  params: z.ZodType<P, any>;
  /** Whose changes invalidate its tiles. */
  reads: readonly DataGroup[];
  source: TileSource<P>;
}

/** Any layer, whatever its parameters. */
export type AnyTileLayer = TileLayer<any>;

/** The tile's envelope in WGS84 with the buffer, for `geom && …` on the GiST indexes (geometries are stored in 4326). */
export function tileBounds4326({ z, x, y }: Tile): RawBuilder<unknown> {
  const margin = BUFFER / EXTENT;
  return sql`ST_Transform(ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int, margin => ${margin}::float8), 4326)`;
}

/** The tile's envelope in Web Mercator, as ST_AsMVTGeom takes it. */
export const tileEnvelope = ({ z, x, y }: Tile): RawBuilder<unknown> => sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)`;

/** [west, south, east, north] of a tile in degrees. */
export function tileLonLatBounds({ z, x, y }: Tile): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}
