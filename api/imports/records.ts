/** What the format readers hand on: records with their line numbers, and records they could not read. */

export interface SourceRecord {
  /** 1-based line (GeoJSON: the feature's 1-based position in `features`). */
  line: number;
  /** CSV: the fields, in header order. JSON formats: the object (a GeoJSON feature: properties plus GEOMETRY_KEY, ID_KEY). */
  value: string[] | Record<string, unknown>;
  /** The record as read, for the rejection report. */
  raw: string;
}

export interface RecordError {
  line: number;
  reason: string;
  raw: string;
}

/** Either the columns (CSV header; sent once, before any record) or a batch of records and errors. */
export type FormatEvent = { columns: string[] } | { records: SourceRecord[]; errors: RecordError[] };

/** Keys under which a GeoJSON feature's geometry and id appear in its record. */
export const GEOMETRY_KEY = '@geometry';
export const ID_KEY = '@id';

/**
 * The longest record (CSV row, NDJSON line, GeoJSON feature) an import holds, in characters:
 * what the readers keep of a file is bounded by it, whatever the file holds. A row of the grid
 * database is a few hundred bytes; a record without an end within 1 MB is a quote left open or
 * a file without line breaks, and fails the import with its line.
 */
export const MAX_RECORD = 1024 * 1024;

/** Why a file fails when a record has no end within MAX_RECORD. */
export const tooLong = (line: number, why: string) => `no end of record in ${MAX_RECORD / 1048576} MB after line ${line}: ${why}`;
