/**
 * GeoJSON FeatureCollection, streamed with stream-json: features are assembled one at a time
 * from `features`, so a file of any size is never held whole. A feature's "line" is its
 * 1-based position in `features`. Broken JSON fails the import (what follows cannot be read,
 * and dropping it silently is not an option).
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { MAX_JSON_DEPTH } from '../http/json.ts';
import { ImportInputError } from './errors.ts';
import { GEOMETRY_KEY, ID_KEY, MAX_RECORD, type FormatEvent, type RecordError, type SourceRecord } from './records.ts';

const BATCH = 1_000;
const RAW_LIMIT = 2_000;

/** A GeoJSON Feature as an import record: its properties, plus its geometry and id under reserved keys. */
export function featureRecord(feature: unknown, line: number, raw?: string): SourceRecord | RecordError {
  const text = () => raw ?? JSON.stringify(feature)?.slice(0, RAW_LIMIT) ?? String(feature);
  if (feature === null || typeof feature !== 'object' || (feature as { type?: unknown }).type !== 'Feature') {
    return { line, reason: 'not a GeoJSON Feature (no "type": "Feature")', raw: text() };
  }
  const { properties, geometry, id } = feature as { properties?: unknown; geometry?: unknown; id?: unknown };
  if (properties !== undefined && properties !== null && (typeof properties !== 'object' || Array.isArray(properties))) {
    return { line, reason: 'the feature\'s "properties" is not an object', raw: text() };
  }
  const value: Record<string, unknown> = { ...(properties as Record<string, unknown> | null) };
  value[GEOMETRY_KEY] = geometry;
  if (id !== undefined && id !== null) value[ID_KEY] = id;
  return { line, value, raw: text() };
}

interface Shape {
  depth: number;
  key: string | null;
  type: unknown;
  features: boolean;
  /** 1-based position of the feature being read (0: none yet). */
  feature: number;
  /** Characters of strings and numbers in the value being read (a feature, or a top-level member). */
  size: number;
}

/** Where the value being read is, for the error that stops it. */
const where = (shape: Shape) => (shape.feature > 0 ? `feature ${shape.feature}` : 'a value before the features');

/**
 * Notes the top-level "type" and whether a top-level "features" array exists; passes tokens on.
 * Also bounds each feature (and each other top-level value) before it is assembled: nesting to
 * MAX_JSON_DEPTH, size to MAX_RECORD, so neither memory nor the recursive code after it (pg,
 * the staging writer) meet an unbounded value. Such a feature fails the import: the stream
 * cannot skip it and go on.
 */
function watchTopLevel(shape: Shape) {
  return (token: parser.Token): parser.Token => {
    switch (token.name) {
      case 'startObject':
      case 'startArray':
        if (shape.depth === 1 && shape.key === 'features' && token.name === 'startArray') shape.features = true;
        if (shape.depth <= 2) {
          shape.size = 0;
          if (shape.depth === 2 && shape.features) shape.feature++;
        }
        shape.depth++;
        shape.key = null;
        // The root object and the features array are the first two levels.
        if (shape.depth > MAX_JSON_DEPTH + 2) throw new ImportInputError(`${where(shape)} is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`);
        break;
      case 'endObject':
      case 'endArray':
        shape.depth--;
        break;
      case 'startString':
      case 'startNumber':
        if (shape.depth <= 2) shape.size = 0;
        break;
      case 'stringChunk':
      case 'numberChunk':
        shape.size += token.value.length;
        if (shape.size > MAX_RECORD) throw new ImportInputError(`${where(shape)} is larger than ${MAX_RECORD / 1048576} MB`);
        break;
      case 'keyValue':
        if (shape.depth === 1) shape.key = token.value;
        break;
      case 'stringValue':
        if (shape.depth === 1 && shape.key === 'type') shape.type = token.value;
        break;
    }
    return token;
  };
}

export async function* readGeoJson(text: AsyncIterable<string>): AsyncGenerator<FormatEvent> {
  const shape: Shape = { depth: 0, key: null, type: undefined, features: false, feature: 0, size: 0 };
  const features = chain([parser(), watchTopLevel(shape), pick({ filter: 'features' }), streamArray()]);
  // Errors of the text source (decoding, a broken upload) pass through as they are; the
  // parser's own errors mean the JSON is broken.
  let sourceError: unknown;
  const source = async function* () {
    try {
      yield* text;
    } catch (error) {
      sourceError = error;
      throw error;
    }
  };
  const feeding = pipeline(Readable.from(source()), features).catch((error: Error) => {
    features.destroy(error);
  });
  let records: SourceRecord[] = [];
  let errors: RecordError[] = [];
  try {
    for await (const item of features as AsyncIterable<{ key: number; value: unknown }>) {
      const result = featureRecord(item.value, item.key + 1);
      if ('reason' in result) errors.push(result);
      else records.push(result);
      if (records.length + errors.length >= BATCH) {
        yield { records, errors };
        records = [];
        errors = [];
      }
    }
  } catch (error) {
    if (sourceError !== undefined) throw sourceError;
    if (error instanceof ImportInputError) throw error;
    throw new ImportInputError(`the file is not valid JSON: ${(error as Error).message}`);
  } finally {
    features.destroy();
    await feeding;
  }
  if (records.length + errors.length > 0) yield { records, errors };
  if (!shape.features) {
    const hint = shape.type === 'Feature' ? ' (it is a single Feature: wrap it in a FeatureCollection)' : '';
    throw new ImportInputError(`the file has no top-level "features" array, so it is not a GeoJSON FeatureCollection${hint}`);
  }
}
