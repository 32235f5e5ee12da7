/**
 * CSV (RFC 4180) as a stream of records with their line numbers, read by csv-parse. A record
 * with malformed quotes or the wrong number of fields is reported as an error for its line, and
 * the rest of the file goes on; a record longer than MAX_RECORD (a quote left open) fails the
 * import at once.
 *
 * csv-parse either stops the whole file at a malformed quote or, with relax_quotes, takes the
 * quote as text; it is run with relax_quotes so that one bad row cannot swallow the rows after
 * it, and quoteProblem() below finds, in the rare records that hold a quote, the ones it took
 * leniently, so they are rejected with a reason instead of landing altered.
 */
import { parse, type CsvError } from 'csv-parse';
import { ImportInputError } from './errors.ts';
import { MAX_RECORD, tooLong, type FormatEvent, type RecordError, type SourceRecord } from './records.ts';

/** Why the quotes of a record's text are not RFC 4180, or null when they are. */
export function quoteProblem(raw: string, delimiter: string): string | null {
  let field = 1;
  for (let i = 0; i <= raw.length; field++) {
    if (raw[i] === '"') {
      for (i++; ; i++) {
        if (i >= raw.length) return 'a quoted field is not closed before the end of the file';
        if (raw[i] === '"' && raw[i + 1] === '"') i++;
        else if (raw[i] === '"') break;
      }
      i++;
      if (i < raw.length && raw[i] !== delimiter && raw[i] !== '\r' && raw[i] !== '\n') return `text after the closing quote of field ${field}`;
    } else {
      let end = raw.indexOf(delimiter, i);
      if (end === -1) end = raw.length;
      if (raw.slice(i, end).includes('"')) return `a quote inside field ${field} that does not start with one`;
      i = end;
    }
    i++;
  }
  return null;
}

/** Header names made usable as keys: trimmed, empty ones named after their position, repeats numbered. */
function headerColumns(fields: string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((field, i) => {
    const name = field.trim() || `column_${i + 1}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

function refuseJson(raw: string): void {
  const first = raw.trimStart()[0];
  if (first === '{' || first === '[') throw new ImportInputError('the file looks like JSON, not CSV: import it with format=ndjson or format=geojson');
}

/** The columns named by the header record; throws when it is not a usable header. */
function csvHeader(fields: string[], raw: string, delimiter: string): string[] {
  refuseJson(raw);
  // The names become keys of every record's attributes, which could not be stored.
  if (raw.includes('\u0000')) throw new ImportInputError('the CSV header contains a NUL character (U+0000)');
  if (fields.length === 1) {
    const other = [',', ';', '\t', '|'].find((d) => d !== delimiter && raw.includes(d));
    throw new ImportInputError(
      `the CSV header has a single column (${JSON.stringify(raw.slice(0, 80))})` +
        (other ? `; the delimiter looks like ${JSON.stringify(other)}: set "delimiter" in the mapping` : ': a CSV file needs a header row naming its columns'),
    );
  }
  return headerColumns(fields);
}

/** csv-parse's parser without its stream: parse(bytes, end, push, close) calls push for each record and on_skip in file order, synchronously. */
interface CsvApi {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: { record: string[]; raw: string }) => void, close: () => void): Error | undefined;
  state: { quoting: boolean };
}

/** Line breaks in a record's raw text (csv-parse's raw text leaves out the last character of a "\r\n" record delimiter: a lone CR stands for one). */
function newlines(raw: string): number {
  if (raw.includes('\r')) return raw.match(/\r?\n|\r/g)?.length ?? 0;
  let count = 0;
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) count++;
  return count;
}

/** Reads CSV text: first the header's columns, then batches of records and errors. */
export async function* readCsv(text: AsyncIterable<string>, delimiter = ','): AsyncGenerator<FormatEvent> {
  // The line after the last record read: where the next one starts (blank lines aside).
  let next = 1;
  let columns: string[] | null = null;
  let records: SourceRecord[] = [];
  let errors: RecordError[] = [];
  let header: FormatEvent | null = null;
  // csv-parse's stream is driven by hand: its on_record hook built an info object per record
  // (a quarter of the parse), and its stream a promise per record; records and skipped rows
  // come here in file order, so `next` is current when on_skip needs it.
  const api = (parse({
    delimiter, raw: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD,
    skip_records_with_error: true, record_delimiter: ['\r\n', '\n'],
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      if (error?.code === 'CSV_MAX_RECORD_SIZE') {
        throw new ImportInputError(tooLong(next, api.state.quoting ? 'a quote (") is probably not closed' : 'the file has no line breaks'));
      }
      // Only an unclosed quote at the very end remains: csv-parse no longer stops for the others.
      errors.push({ line: next, reason: `malformed CSV: ${error?.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is not closed before the end of the file' : error?.message}`, raw: (raw ?? '').replace(/\r?\n$/, '') });
    },
  }) as unknown as { api: CsvApi }).api;
  const push = ({ record, raw }: { record: string[]; raw: string }) => {
    // The raw text holds the blank lines before the record, and its line break.
    let text = raw;
    let line = next;
    if (raw[0] === '\r' || raw[0] === '\n') {
      const blank = /^[\r\n]*/.exec(raw)![0];
      text = raw.slice(blank.length);
      line += newlines(blank);
    }
    next += newlines(raw);
    if (text.endsWith('\n')) text = text.slice(0, text.endsWith('\r\n') ? -2 : -1);
    else if (text.endsWith('\r')) text = text.slice(0, -1);
    const problem = text.includes('"') ? quoteProblem(text, delimiter) : null;
    if (columns === null) {
      if (problem) {
        refuseJson(text);
        throw new ImportInputError(`the CSV header (line ${line}) is malformed: ${problem}`);
      }
      columns = csvHeader(record, text, delimiter);
      header = { columns };
    } else if (problem) {
      errors.push({ line, reason: `malformed CSV: ${problem}`, raw: text });
    } else if (record.length !== columns.length) {
      errors.push({ line, reason: `has ${record.length} fields, the header has ${columns.length}`, raw: text });
    } else {
      records.push({ line, value: record, raw: text });
    }
  };
  const run = (chunk: Buffer | undefined) => {
    const error = api.parse(chunk, chunk === undefined, push, () => {});
    if (error) throw error;
  };
  for await (const chunk of text) {
    run(Buffer.from(chunk));
    if (header) yield header;
    header = null;
    // A chunk's records at a time: the chunk is in memory anyway.
    if (records.length + errors.length > 0) {
      yield { records, errors };
      records = [];
      errors = [];
    }
  }
  run(undefined);
  if (header) yield header;
  if (columns === null) throw new ImportInputError('the file is empty: a CSV file needs a header row and data rows');
  if (records.length + errors.length > 0) yield { records, errors };
}
