/**
 * JSON that is already text (GeoJSON built by PostGIS, lookup answers pre-serialized in memory),
 * answered as is — parsing it only for c.json() to serialize it again would cost the time those
 * paths were built to save — and typed as the value it encodes, so the route's client sees it.
 */
import type { Context, TypedResponse } from 'hono';
import type { MultiPolygon, Polygon } from 'geojson';

/** The geometry of a grid or division (ST_AsGeoJSON of their polygon columns). */
export type AreaGeometry = Polygon | MultiPolygon;

/** A row whose geometry column is an area, typed as one. */
export type WithArea<T extends { geometry: unknown }> = Omit<T, 'geometry'> & { geometry: AreaGeometry };

export function jsonText<T>(c: Context, text: string | Uint8Array<ArrayBuffer>, contentType = 'application/json'): TypedResponse<T, 200, 'json'> {
  return c.body(text, 200, { 'content-type': contentType }) as unknown as TypedResponse<T, 200, 'json'>;
}
