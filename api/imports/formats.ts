/**
 * Import formats: one interface, one reader per format (NDJSON here; CSV and GeoJSON in their
 * own files). A reader turns decoded text into batches of records (a CSV row's fields, or a
 * JSON object) with their line numbers, and reports records it cannot read as errors for their
 * line; a file that is not the format at all throws ImportInputError.
 */
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../http/json.ts';
import { readCsv } from './csv.ts';
import { ImportInputError } from './errors.ts';
import { featureRecord, readGeoJson } from './geojson.ts';
import { MAX_RECORD, tooLong, type FormatEvent, type RecordError, type SourceRecord } from './records.ts';
import type { ImportFormatName } from './schema.ts';

export type ImportFormat = (text: AsyncIterable<string>, options: { delimiter?: string }) => AsyncGenerator<FormatEvent>;

interface TextBlock {
  text: string;
  /** 1-based line number of the block's first line. */
  firstLine: number;
}

/** Whole lines of the text, a chunk's worth at a time; a line longer than MAX_RECORD fails the file. */
async function* lineBlocks(text: AsyncIterable<string>): AsyncGenerator<TextBlock> {
  let pending = '';
  let firstLine = 1;
  for await (const chunk of text) {
    pending += chunk;
    const end = pending.lastIndexOf('\n');
    if (end === -1) {
      if (pending.length > MAX_RECORD) throw new ImportInputError(tooLong(firstLine, 'the file has no line breaks'));
      continue;
    }
    const block = { text: pending.slice(0, end), firstLine };
    pending = pending.slice(end + 1);
    firstLine += block.text.split('\n').length;
    if (pending.length > MAX_RECORD) throw new ImportInputError(tooLong(firstLine, 'the file has no line breaks'));
    yield block;
  }
  if (pending) yield { text: pending, firstLine };
}

function ndjsonBlock(block: TextBlock, first: { seen: boolean }): FormatEvent {
  const records: SourceRecord[] = [];
  const errors: RecordError[] = [];
  const lines = block.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (raw.trim() === '') continue;
    const line = block.firstLine + i;
    // Parsed, a deeper record would overflow recursive code on its way to the database.
    if (nestedDeeperThan(raw, MAX_JSON_DEPTH)) {
      errors.push({ line, reason: `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`, raw });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      if (!first.seen) throw new ImportInputError(`line ${line} is not JSON, so the file is not NDJSON (one JSON object per line): ${(error as Error).message}`);
      errors.push({ line, reason: `malformed JSON: ${(error as Error).message}`, raw });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      if (!first.seen) throw new ImportInputError(`line ${line} is not a JSON object, so the file is not NDJSON (one JSON object per line)`);
      errors.push({ line, reason: 'not a JSON object', raw });
      continue;
    }
    const type = (value as { type?: unknown }).type;
    if (!first.seen && type === 'FeatureCollection') throw new ImportInputError('the file is a GeoJSON FeatureCollection: import it with format=geojson');
    first.seen = true;
    // GeoJSON text sequences (one Feature per line) read like GeoJSON features.
    const record = type === 'Feature' ? featureRecord(value, line, raw) : { line, value: value as Record<string, unknown>, raw };
    if ('reason' in record) errors.push(record);
    else records.push(record);
  }
  return { records, errors };
}

/** NDJSON (JSON Lines): one object per line; blank lines are skipped. */
export async function* readNdjson(text: AsyncIterable<string>): AsyncGenerator<FormatEvent> {
  const first = { seen: false };
  for await (const block of lineBlocks(text)) yield ndjsonBlock(block, first);
}

export const FORMATS: Record<ImportFormatName, ImportFormat> = {
  csv: (text, options) => readCsv(text, options.delimiter),
  ndjson: readNdjson,
  geojson: readGeoJson,
};
