/**
 * Cuts streamed text into blocks of whole records, each with the number of its first line, so
 * records can be parsed block by block (and never straddle two blocks). For CSV a record ends
 * at a newline outside quotes: every `"` toggles quoting (an escaped `""` toggles twice), the
 * same rule the CSV parser follows, so both agree on where records end.
 */
import { ImportInputError } from './errors.ts';

export interface TextBlock {
  text: string;
  /** 1-based line number of the block's first character. */
  firstLine: number;
}

/** Blocks are at least this long (except the last), so per-block work is amortised. */
const MIN_BLOCK = 256 * 1024;
/**
 * The longest record (CSV row, NDJSON line) an import holds, in characters here and in bytes in
 * byte-blocks.ts: what the readers keep of a file is bounded by it, whatever the file holds. A
 * row of the grid database is a few hundred bytes; a record without an end within 1 MB is a
 * quote left open or a file without line breaks, and fails the import with its line. (It was
 * 64 MB: an unclosed quote in a 50 MB file was then read to the end and took 1.8 GB.)
 */
export const MAX_RECORD = 1024 * 1024;

export function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Position of the last newline in `text` that lies outside quotes, or -1. */
function lastRecordEnd(text: string, quoted: boolean): number {
  let newline = text.lastIndexOf('\n');
  if (!quoted || newline === -1) return newline;
  const quotes: number[] = [];
  for (let i = text.indexOf('"'); i !== -1 && i < newline; i = text.indexOf('"', i + 1)) quotes.push(i);
  let before = quotes.length; // quotes before `newline`
  while (newline !== -1) {
    if (before % 2 === 0) return newline;
    // Every newline after the last quote is inside quotes too: look before that quote.
    const quote = quotes[before - 1];
    newline = text.lastIndexOf('\n', quote);
    while (before > 0 && quotes[before - 1] > newline) before--;
  }
  return -1;
}

export class BlockSplitter {
  private pending = '';
  private line = 1;

  /** `quoted`: newlines inside double quotes do not end a record (CSV). */
  constructor(
    private readonly quoted: boolean,
    private readonly minBlock = MIN_BLOCK,
  ) {}

  /** Adds text; returns a block when enough whole records have gathered. */
  push(text: string): TextBlock | null {
    this.pending += text;
    if (this.pending.length < this.minBlock) return null;
    const end = lastRecordEnd(this.pending, this.quoted);
    if (end === -1) {
      if (this.pending.length > MAX_RECORD) {
        throw new ImportInputError(
          `no end of record in ${MAX_RECORD / 1048576} MB after line ${this.line}` +
            (this.quoted ? ': a quote (") is probably not closed' : ': the file has no line breaks'),
        );
      }
      return null;
    }
    return this.take(end + 1);
  }

  /** The rest of the text, at the end of the input. */
  end(): TextBlock | null {
    return this.pending.length > 0 ? this.take(this.pending.length) : null;
  }

  private take(length: number): TextBlock {
    const block = { text: this.pending.slice(0, length), firstLine: this.line };
    this.pending = this.pending.slice(length);
    this.line += countNewlines(block.text);
    return block;
  }
}
