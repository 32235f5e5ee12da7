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
