/**
 * blocks.ts for UTF-8 bytes: cuts the streamed bytes of a CSV file into blocks of whole records
 * without decoding them, so that the common rows can be read straight from the bytes
 * (csv-bytes.ts, which numbers the lines as it reads them). A record ends at a newline outside
 * quotes by the rule of blocks.ts (every `"` toggles quoting), so both readers cut records
 * alike. Each block is checked to be valid UTF-8 and fails the import as the decoder of
 * decode.ts would, with the same message (which names the start of the chunk the decoder was
 * given).
 */
import { isUtf8 } from 'node:buffer';
import { MAX_RECORD } from './blocks.ts';
import { notUtf8 } from './decode.ts';
import { ImportInputError } from './errors.ts';

/** As blocks.ts: blocks are at least this long (except the last), a record at most MAX_RECORD (here in bytes). */
const MIN_BLOCK = 256 * 1024;
const QUOTE = 34;
const LF = 10;

/** Position of the last newline in `bytes` that lies outside quotes, or -1 (blocks.ts's lastRecordEnd). */
function lastRecordEnd(bytes: Buffer): number {
  let newline = bytes.lastIndexOf(LF);
  if (newline === -1) return -1;
  const quotes: number[] = [];
  for (let i = bytes.indexOf(QUOTE); i !== -1 && i < newline; i = bytes.indexOf(QUOTE, i + 1)) quotes.push(i);
  let before = quotes.length;
  while (newline !== -1) {
    if (before % 2 === 0) return newline;
    const quote = quotes[before - 1];
    newline = quote === 0 ? -1 : bytes.lastIndexOf(LF, quote - 1);
    while (before > 0 && quotes[before - 1] > newline) before--;
  }
  return -1;
}

/**
 * Where a UTF-8 decoder (WHATWG, as TextDecoder) finds `bytes` invalid: the index of the byte
 * it stops at, `bytes.length` when the text ends inside a character, or -1 when it is valid.
 */
export function utf8ErrorAt(bytes: Uint8Array): number {
  let needed = 0;
  let lower = 0x80;
  let upper = 0xbf;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (needed === 0) {
      if (b <= 0x7f) continue;
      if (b >= 0xc2 && b <= 0xdf) needed = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) lower = 0xa0;
        if (b === 0xed) upper = 0x9f;
        needed = 2;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) lower = 0x90;
        if (b === 0xf4) upper = 0x8f;
        needed = 3;
      } else return i;
      continue;
    }
    if (b < lower || b > upper) return i;
    lower = 0x80;
    upper = 0xbf;
    needed--;
  }
  return needed === 0 ? -1 : bytes.length;
}

/**
 * The blocks share one buffer, which the next push overwrites: a block is to be read before
 * then (the rows' bytes are copied into the COPY buffer or decoded as they are read), and no
 * block costs an allocation.
 */
export class ByteBlockSplitter {
  /** The pending bytes are work[head, tail). */
  private work = Buffer.alloc(0);
  private head = 0;
  private tail = 0;
  /** Offset in the file of the first pending byte. */
  private offset = 0;
  /** Offsets in the file where the chunks the decoder would have been given start (only those still needed). */
  private chunkStarts: number[] = [];
  private started = false;

  constructor(
    /** The line the pending bytes start on (for the error about a record without an end). */
    private readonly lineAt: () => number,
    private readonly minBlock = MIN_BLOCK,
  ) {}

  /** Adds a chunk as read (the first: the bytes the encoding was chosen from); returns a block when enough whole records have gathered. */
  push(chunk: Uint8Array): Buffer | null {
    this.chunkStarts.push(this.offset + this.tail - this.head);
    let from = 0;
    if (!this.started) {
      this.started = true;
      // The decoder drops a byte-order mark at the start of the file.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        from = 3;
        this.offset = 3;
      }
    }
    if (chunk.length <= from) return null;
    this.append(chunk, from);
    if (this.tail - this.head < this.minBlock) return null;
    const all = this.work.subarray(this.head, this.tail);
    const end = lastRecordEnd(all);
    if (end === -1) {
      if (all.length > MAX_RECORD) {
        // The decoder would have failed on invalid bytes first.
        const at = utf8ErrorAt(all);
        if (at !== -1 && at < all.length) this.fail(all, false);
        throw new ImportInputError(`no end of record in ${MAX_RECORD / 1048576} MB after line ${this.lineAt()}: a quote (") is probably not closed`);
      }
      return null;
    }
    return this.take(end + 1, false);
  }

  /** The rest of the bytes, at the end of the input. */
  end(): Buffer | null {
    return this.tail > this.head ? this.take(this.tail - this.head, true) : null;
  }

  private append(chunk: Uint8Array, from: number): void {
    const length = chunk.length - from;
    if (this.tail + length > this.work.length) {
      const pending = this.tail - this.head;
      const target = pending + length > this.work.length ? Buffer.allocUnsafe(Math.max(2 * this.work.length, pending + length)) : this.work;
      this.work.copy(target, 0, this.head, this.tail);
      this.work = target;
      this.head = 0;
      this.tail = pending;
    }
    this.work.set(from === 0 ? chunk : chunk.subarray(from), this.tail);
    this.tail += length;
  }

  private take(length: number, last: boolean): Buffer {
    const block = this.work.subarray(this.head, this.head + length);
    if (!isUtf8(block)) this.fail(block, last);
    this.offset += length;
    this.head += length;
    if (this.head === this.tail) this.head = this.tail = 0;
    // Keep the start of the chunk holding the next pending byte and those after it.
    let keep = 0;
    while (keep + 1 < this.chunkStarts.length && this.chunkStarts[keep + 1] <= this.offset) keep++;
    if (keep > 0) this.chunkStarts.splice(0, keep);
    return block;
  }

  /** Throws the decoder's error for the invalid `bytes`, which start at this.offset; `last`: they end the file. */
  private fail(bytes: Buffer, last: boolean): never {
    const at = utf8ErrorAt(bytes);
    // A character cut off by the end of the file fails when the decoder is closed, after every byte.
    if (at === bytes.length && last) throw notUtf8(this.offset + bytes.length);
    const where = this.offset + Math.max(at, 0);
    let start = this.chunkStarts[0] ?? 0;
    for (const s of this.chunkStarts) if (s <= where) start = s;
    throw notUtf8(start);
  }
}
