/**
 * Which column holds what, from the operator's mapping and, where it says nothing, from the
 * column names (English and Chinese, case-insensitive). CSV columns come from the header; for
 * the JSON formats, from the first record (later records may have other keys: their other
 * keys become attributes).
 */
import { ImportInputError } from './errors.ts';
import { GEOMETRY_KEY, ID_KEY } from './records.ts';
import type { ImportFormatName, Mapping } from './schema.ts';

export type GeometrySource = { kind: 'lonlat'; lon: string; lat: string } | { kind: 'geometry'; column: string };

export interface ResolvedMapping {
  geometry: GeometrySource;
  category: string | null;
  sourceKey: string | null;
  /** [attribute, column] pairs, or 'rest': every column not used above, under its own name. */
  attributes: [string, string][] | 'rest';
  required: string[];
  /** Columns used for the geometry, category and key (left out of 'rest'). */
  used: string[];
}

/** Longitude/latitude (or easting/northing) column pairs, in order of preference. */
const LON_LAT: [string, string][] = [
  ['lon', 'lat'], ['lng', 'lat'], ['long', 'lat'], ['longitude', 'latitude'], ['经度', '纬度'], ['x', 'y'],
  ['x坐标', 'y坐标'], ['横坐标', '纵坐标'], ['easting', 'northing'], ['东坐标', '北坐标'],
];
const GEOMETRY = ['wkt', 'geometry', 'geom', 'the_geom', 'shape', 'geom_wkt', 'geometry_wkt', '几何', '空间位置', '坐标'];
const CATEGORY = ['category', 'category_code', 'categorycode', '类别', '类别代码', '类别编码', '分类', '分类代码', '分类编码', '数据类别'];
const SOURCE_KEY = ['source_key', 'sourcekey', 'key', 'id', 'uid', '编号', '唯一标识', '唯一编号', '记录编号', 'component_id', '部件编码', '部件标识码'];

const normal = (name: string) => name.trim().toLowerCase();

function find(columns: string[], candidates: string[]): string | null {
  const byName = new Map(columns.map((c) => [normal(c), c]));
  for (const candidate of candidates) {
    const column = byName.get(candidate);
    if (column !== undefined) return column;
  }
  return null;
}

function findLonLat(columns: string[]): [string, string] | null {
  const byName = new Map(columns.map((c) => [normal(c), c]));
  for (const [lon, lat] of LON_LAT) {
    if (byName.has(lon) && byName.has(lat)) return [byName.get(lon)!, byName.get(lat)!];
  }
  return null;
}

/**
 * Resolves the mapping against the columns. `strict`: the columns are all there are (a CSV
 * header), so a mapped column that is missing is an error, not an empty value.
 */
export function resolveMapping(
  mapping: Mapping,
  columns: string[],
  format: ImportFormatName,
  defaultCategory: string | undefined,
): ResolvedMapping {
  const strict = format === 'csv';
  const listed = columns.filter((c) => c !== GEOMETRY_KEY && c !== ID_KEY).join(', ') || 'none';
  const need = (field: string, column: string | undefined): string | null => {
    if (column === undefined) return null;
    if (strict && !columns.includes(column)) {
      throw new ImportInputError(`mapping.${field}: there is no column "${column}" (columns: ${listed})`);
    }
    return column;
  };

  let geometry: GeometrySource | null = null;
  const lon = need('lon', mapping.lon);
  const lat = need('lat', mapping.lat);
  const geometryColumn = need('geometry', mapping.geometry ?? mapping.wkt);
  if (lon !== null && lat !== null) geometry = { kind: 'lonlat', lon, lat };
  else if (geometryColumn !== null) geometry = { kind: 'geometry', column: geometryColumn };
  else if (format === 'geojson' && columns.includes(GEOMETRY_KEY)) geometry = { kind: 'geometry', column: GEOMETRY_KEY };
  else {
    const pair = findLonLat(columns);
    const column = find(columns, GEOMETRY);
    if (pair) geometry = { kind: 'lonlat', lon: pair[0], lat: pair[1] };
    else if (column) geometry = { kind: 'geometry', column };
  }
  if (!geometry) {
    throw new ImportInputError(
      `no coordinates: found no longitude/latitude (lon/lat, 经度/纬度, x/y), WKT or geometry column among: ${listed}; ` +
        'give a mapping such as {"lon": "…", "lat": "…"} or {"geometry": "…"}',
    );
  }

  const category = need('category', mapping.category) ?? (mapping.category === undefined ? find(columns, CATEGORY) : null);
  if (category === null && defaultCategory === undefined) {
    throw new ImportInputError(`no category: give the import a category (category=CODE) or map a category column (columns: ${listed})`);
  }
  let sourceKey = need('sourceKey', mapping.sourceKey) ?? find(columns, SOURCE_KEY);
  if (sourceKey === null && format === 'geojson' && columns.includes(ID_KEY)) sourceKey = ID_KEY;

  const used = [geometry.kind === 'lonlat' ? [geometry.lon, geometry.lat] : [geometry.column], category ?? [], sourceKey ?? []].flat();
  let attributes: ResolvedMapping['attributes'] = 'rest';
  if (Array.isArray(mapping.attributes)) {
    attributes = mapping.attributes.map((column) => [column, need('attributes', column)!]);
  } else if (mapping.attributes) {
    attributes = Object.entries(mapping.attributes).map(([name, column]) => [name, need(`attributes.${name}`, column)!]);
  }
  return { geometry, category, sourceKey, attributes, required: mapping.required ?? [], used };
}
