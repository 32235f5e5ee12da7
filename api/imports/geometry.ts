/**
 * Points of an import: numbers, WKT/EWKT or GeoJSON in, WGS84 out. CGCS2000 Gauss-Krüger
 * coordinates (EPSG:4549 CM 120E, EPSG:4528 with the zone-40 prefix) are projected back with
 * proj4, using the definitions of PostGIS's spatial_ref_sys (checked against ST_Transform in
 * the tests). CGCS2000 geographic (EPSG:4490) is taken as WGS84: they differ by centimetres.
 * Each parser returns a reason string instead of throwing, so a bad row costs no exception.
 */
import proj4 from 'proj4';
import type { Srid } from './schema.ts';

proj4.defs('EPSG:4549', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');
proj4.defs('EPSG:4528', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs');

export type Point = [x: number, y: number];

const projections = new Map<number, proj4.Converter>();

/** (x, y) in `srid` → [lon, lat] in WGS84. */
export function toWgs84(srid: Srid, x: number, y: number): Point {
  if (srid === 4326 || srid === 4490) return [x, y];
  let converter = projections.get(srid);
  if (!converter) projections.set(srid, (converter = proj4(`EPSG:${srid}`, 'EPSG:4326')));
  return converter.forward([x, y]) as Point;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A coordinate from a cell or JSON value; a string for why not. Empty → null. */
export function parseCoordinate(value: unknown): number | string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 'is not a finite number';
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return `is not a number: ${JSON.stringify(value)}`;
  // Not Number() alone: it would also take hex, binary, octal and "Infinity".
  const text = value.trim();
  if (text === '') return null;
  if (!NUMBER.test(text)) return `is not a number: ${JSON.stringify(text.slice(0, 40))}`;
  return Number(text);
}

export interface ParsedPoint {
  x: number;
  y: number;
  /** An EWKT `SRID=n;` prefix, which overrides the import's SRID for the row. */
  srid?: number;
}

const WKT_POINT = /^(?:SRID=(\d+);)?\s*POINT\s*(?:ZM|Z|M)?\s*\(\s*(\S+)\s+([^\s)]+)(?:\s+[^\s)]+){0,2}\s*\)$/i;
const WKT_ONE_POINT = /^(?:SRID=(\d+);)?\s*MULTIPOINT\s*(?:ZM|Z|M)?\s*\(\s*\(?\s*(\S+)\s+([^\s),]+)(?:\s+[^\s),]+){0,2}\s*\)?\s*\)$/i;
const WKT_TYPE = /^(?:SRID=\d+;)?\s*([A-Z]+)/i;

/** A point from WKT or EWKT text (`POINT (x y)`, `SRID=4549;POINT(x y)`, a one-point MULTIPOINT). */
export function parseWkt(text: string): ParsedPoint | string {
  const wkt = text.trim();
  const match = WKT_POINT.exec(wkt) ?? WKT_ONE_POINT.exec(wkt);
  if (!match) {
    if (/\bEMPTY\s*$/i.test(wkt)) return 'the WKT point is EMPTY';
    const type = WKT_TYPE.exec(wkt)?.[1]?.toUpperCase();
    if (type && type !== 'POINT' && type !== 'MULTIPOINT' && /^(LINESTRING|POLYGON|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION|CIRCULARSTRING|TRIANGLE|TIN)$/.test(type)) {
      return `the geometry is a ${type}, not a point: the grid database holds points`;
    }
    return `not a WKT point: ${JSON.stringify(wkt.slice(0, 60))}`;
  }
  const x = parseCoordinate(match[2]);
  const y = parseCoordinate(match[3]);
  if (typeof x !== 'number' || typeof y !== 'number') return `not a WKT point (its coordinates are not numbers): ${JSON.stringify(wkt.slice(0, 60))}`;
  return match[1] ? { x, y, srid: Number(match[1]) } : { x, y };
}

/** A point from a GeoJSON geometry (object or JSON text): a Point, or a MultiPoint of one point. */
export function parseGeoJsonPoint(geometry: unknown): ParsedPoint | string {
  let g = geometry;
  if (typeof geometry === 'string') {
    try {
      g = JSON.parse(geometry);
    } catch {
      return `not GeoJSON: ${JSON.stringify(geometry.slice(0, 60))}`;
    }
  }
  if (g === null || typeof g !== 'object') return 'the geometry is missing';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  let position: unknown = coordinates;
  if (type === 'MultiPoint' && Array.isArray(coordinates) && coordinates.length === 1) position = coordinates[0];
  else if (type !== 'Point') return `the geometry is a ${String(type)}, not a point: the grid database holds points`;
  if (!Array.isArray(position) || position.length < 2) return 'the point has no coordinates';
  const [x, y] = position;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    return `the point's coordinates are not numbers: ${JSON.stringify(position).slice(0, 60)}`;
  }
  return { x, y };
}

/** Reads a geometry cell: GeoJSON (object or text starting with "{"), else WKT/EWKT. */
export function parseGeometry(value: unknown): ParsedPoint | string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    return text.startsWith('{') ? parseGeoJsonPoint(text) : parseWkt(text);
  }
  return parseGeoJsonPoint(value);
}

/** The district's extent (WGS84) with a margin: points beyond it are rejected, points inside it but outside every grid are kept and flagged. */
export interface Extent {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
  name: string;
}

export function inExtent(extent: Extent, lon: number, lat: number): boolean {
  return lon >= extent.minLon && lon <= extent.maxLon && lat >= extent.minLat && lat <= extent.maxLat;
}

/** Why a point outside the extent is there, with a hint when the cause is likely. */
export function outsideReason(extent: Extent, srid: Srid, x: number, y: number, lon: number, lat: number): string {
  const where = `(${+lon.toFixed(6)}, ${+lat.toFixed(6)}) is outside ${extent.name}'s extent ` +
    `(longitude ${extent.minLon.toFixed(3)}…${extent.maxLon.toFixed(3)}, latitude ${extent.minLat.toFixed(3)}…${extent.maxLat.toFixed(3)})`;
  const geographic = srid === 4326 || srid === 4490;
  const [swappedLon, swappedLat] = toWgs84(srid, y, x);
  if (inExtent(extent, swappedLon, swappedLat)) {
    return `${where}: ${geographic ? 'longitude and latitude' : 'x (easting) and y (northing)'} look swapped`;
  }
  if (geographic && (Math.abs(x) > 180 || Math.abs(y) > 90)) {
    return `${where}: these look like projected coordinates; for CGCS2000 Gauss-Krüger import with srid=4549 (or 4528 with the zone prefix)`;
  }
  return where;
}
