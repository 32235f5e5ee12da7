/** What an import is asked to do: format, encoding, coordinates, column mapping (shared by the API and the CLI). */
import { z } from 'zod';

export const IMPORT_FORMATS = ['csv', 'ndjson', 'geojson'] as const;
export type ImportFormatName = (typeof IMPORT_FORMATS)[number];

export const ENCODINGS = ['auto', 'utf-8', 'gbk', 'gb18030'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** WGS84; CGCS2000 geographic (within centimetres of WGS84); CGCS2000 3-degree Gauss-Krüger CM 120E without and with the zone-40 prefix. */
export const SRIDS = [4326, 4490, 4549, 4528] as const;
export type Srid = (typeof SRIDS)[number];

const column = z.string().trim().min(1, 'a column name is empty');

/**
 * Which columns (CSV header names, or keys of a JSON record / GeoJSON feature's properties) hold
 * what. Anything not given is detected from the column names (see mapping.ts).
 */
export const mappingSchema = z
  .strictObject({
    /** Longitude, or easting for projected coordinates. */
    lon: column.optional(),
    /** Latitude, or northing for projected coordinates. */
    lat: column.optional(),
    /** A point as WKT/EWKT text or GeoJSON (object or text). `wkt` is an alias. */
    geometry: column.optional(),
    wkt: column.optional(),
    /** The category code (or its Chinese name); rows without one take the import's category. */
    category: column.optional(),
    /** The office's own key of the record: re-importing it updates instead of duplicating. */
    sourceKey: column.optional(),
    /** Attribute columns: a list (kept under their names) or { attribute: column }. Default: all other columns. */
    attributes: z.union([z.array(column), z.record(z.string().trim().min(1), column)]).optional(),
    /** Attributes that must be present and non-empty in every row. */
    required: z.array(z.string().trim().min(1)).optional(),
    /** CSV field delimiter (default ','). */
    delimiter: z.enum([',', ';', '\t', '|']).optional(),
  })
  .superRefine((m, ctx) => {
    if ((m.lon === undefined) !== (m.lat === undefined)) {
      ctx.addIssue({ code: 'custom', path: [m.lon === undefined ? 'lon' : 'lat'], message: 'lon and lat are given together' });
    }
    if (m.geometry !== undefined && m.wkt !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['wkt'], message: 'give geometry or wkt, not both' });
    }
    if (m.lon !== undefined && (m.geometry ?? m.wkt) !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['geometry'], message: 'give lon/lat or a geometry column, not both' });
    }
  });

export type Mapping = z.infer<typeof mappingSchema>;

export interface ImportOptions {
  format: ImportFormatName;
  encoding: Encoding;
  /** Category of rows whose mapping gives none. */
  category?: string;
  srid: Srid;
  mapping: Mapping;
  filename?: string;
  /** Expected size in bytes, when known. */
  bytesTotal?: number;
  origin: 'api' | 'cli';
  /** The account that started it (API imports). */
  createdBy?: number | null;
}

/** Accepts the common spellings: UTF8, utf-8, GBK, GB2312 (a subset of GBK), GB18030. */
export function normalizeEncoding(value: string): string {
  const v = value.trim().toLowerCase().replace(/[_\s]/g, '-');
  if (v === 'utf8') return 'utf-8';
  if (v === 'gb2312' || v === 'cp936') return 'gbk';
  return v;
}

/** Parses mapping JSON text (query parameter, CLI argument or file). */
export const mappingJson = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `mapping is not valid JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
}).pipe(mappingSchema);

export const importParams = z.object({
  format: z.enum(IMPORT_FORMATS, { message: 'format must be csv, ndjson or geojson' }).optional(),
  encoding: z
    .string()
    .transform(normalizeEncoding)
    .pipe(z.enum(ENCODINGS, { message: 'encoding must be auto, utf-8, gbk or gb18030' }))
    .default('auto'),
  category: z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, 'category is a category code such as RP01 or 01001').optional(),
  srid: z.coerce
    .number()
    .refine((n): n is Srid => (SRIDS as readonly number[]).includes(n), { message: `srid must be one of ${SRIDS.join(', ')}` })
    .default(4326),
  mapping: mappingJson.optional(),
  filename: z.string().trim().min(1).max(255).optional(),
});

export type ImportParams = z.infer<typeof importParams>;

const EXTENSIONS: Record<string, ImportFormatName> = {
  csv: 'csv', txt: 'csv', tsv: 'csv', ndjson: 'ndjson', jsonl: 'ndjson', geojson: 'geojson', json: 'geojson',
};
const MEDIA_TYPES: Record<string, ImportFormatName> = {
  'text/csv': 'csv', 'application/x-ndjson': 'ndjson', 'application/ndjson': 'ndjson', 'application/jsonl': 'ndjson',
  'application/geo+json': 'geojson',
};

/** The format from an explicit parameter, else the file name's extension, else the media type. */
export function inferFormat(format?: ImportFormatName, filename?: string, contentType?: string | null): ImportFormatName | undefined {
  if (format) return format;
  const extension = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension && EXTENSIONS[extension]) return EXTENSIONS[extension];
  const media = contentType?.split(';')[0].trim().toLowerCase();
  return media ? MEDIA_TYPES[media] : undefined;
}
