/**
 * CSV in UTF-8 read from its bytes (blocks from byte-blocks.ts): the lines without quotes try
 * the byte-level lane (fast-rows.ts); every other record, and every line that lane declines,
 * is decoded and read by csv.ts and RowProcessor, exactly as the text reader (readCsv) reads
 * it: the same records and line numbers, the same rows in the same order, the same rejections.
 * Records are handed on one by one, in file order, whichever lane takes them.
 */
import { csvHeader, EMPTY_CSV, fieldCountReason, headerError, parseCsvBlock } from './csv.ts';
import { ImportInputError } from './errors.ts';
import { FastRows } from './fast-rows.ts';
import type { RecordError } from './records.ts';
import type { RowProcessor } from './rows.ts';

const QUOTE = 34;
const LF = 10;

/** The job's counters the reading keeps. */
export interface ReadCounts {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
}

function countLineFeeds(bytes: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF, from); i !== -1 && i < to; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/** Index just past the record starting at `from` (its line feed outside quotes), or `to`. */
function recordEnd(bytes: Buffer, from: number, to: number): number {
  let quoted = false;
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c === QUOTE) quoted = !quoted;
    else if (c === LF && !quoted) return i + 1;
  }
  return to;
}

export class Utf8CsvReader {
  /** The line the next block starts on. */
  line = 1;
  private columns: string[] | null = null;
  private processor: RowProcessor | null = null;
  private fast: FastRows | null = null;

  constructor(
    private readonly delimiter: string,
    /** Makes the row processor for the header's columns. */
    private readonly open: (columns: string[]) => RowProcessor,
    private readonly counts: ReadCounts,
    private readonly rejected: RecordError[],
  ) {}

  /** Reads a block of whole records (byte-blocks.ts), the one after the last. */
  block(bytes: Buffer): void {
    let line = this.line;
    let pos = 0;
    while (this.columns === null && pos < bytes.length) {
      const end = recordEnd(bytes, pos, bytes.length);
      this.slow(bytes, pos, end, line);
      line += countLineFeeds(bytes, pos, end);
      pos = end;
    }
    if (this.fast === null) {
      if (pos < bytes.length) this.slow(bytes, pos, bytes.length, line);
      this.line = line + countLineFeeds(bytes, pos, bytes.length);
      return;
    }
    while (pos < bytes.length) {
      const quote = bytes.indexOf(QUOTE, pos);
      // Up to the start of the line holding the next quote, no record has quotes (as in csv.ts).
      const plainEnd = quote === -1 ? bytes.length : bytes.lastIndexOf(LF, quote) + 1;
      if (plainEnd > pos) {
        line = this.plain(bytes, pos, plainEnd, line);
        pos = plainEnd;
        continue;
      }
      const end = recordEnd(bytes, pos, bytes.length);
      this.slow(bytes, pos, end, line);
      line += countLineFeeds(bytes, pos, end);
      pos = end;
    }
    this.line = line;
  }

  /** At the end of the file. */
  end(): void {
    if (this.columns === null) throw new ImportInputError(EMPTY_CSV);
  }

  /** Lines of bytes[from, to), which hold no quote: each through the fast lane, or the slow one. Returns the next line number. */
  private plain(bytes: Buffer, from: number, to: number, line: number): number {
    const fast = this.fast!;
    const counts = this.counts;
    let pos = from;
    while (pos < to) {
      const end = fast.split(bytes, pos, to);
      const lineEnd = fast.lineEnd;
      if (lineEnd > pos) {
        if (fast.stage(bytes, line)) {
          counts.rowsRead++;
          counts.rowsAccepted++;
        } else {
          const raw = bytes.toString('utf8', pos, lineEnd);
          this.onRecord(raw.split(this.delimiter), line, raw);
        }
      }
      pos = end + 1;
      line++;
    }
    return line;
  }

  /** Records of bytes[from, to) through csv.ts and RowProcessor. */
  private slow(bytes: Buffer, from: number, to: number, line: number): void {
    parseCsvBlock({ text: bytes.toString('utf8', from, to), firstLine: line }, this.delimiter, this.onRecord, this.onError);
  }

  private readonly onRecord = (fields: string[], line: number, raw: string): void => {
    if (this.columns === null) {
      this.columns = csvHeader(fields, raw, this.delimiter);
      this.processor = this.open(this.columns);
      this.fast = FastRows.for(this.processor, this.columns, this.delimiter);
      return;
    }
    this.counts.rowsRead++;
    if (fields.length !== this.columns.length) {
      this.reject(line, fieldCountReason(fields.length, this.columns.length), raw);
      return;
    }
    const reason = this.processor!.process({ line, value: fields, raw });
    if (reason === null) this.counts.rowsAccepted++;
    else this.reject(line, reason, raw);
  };

  private readonly onError = (line: number, reason: string, raw: string): void => {
    if (this.columns === null) throw headerError(line, reason, raw);
    this.counts.rowsRead++;
    this.reject(line, reason, raw);
  };

  private reject(line: number, reason: string, raw: string): void {
    this.rejected.push({ line, reason, raw });
    this.counts.rowsRejected++;
  }
}
