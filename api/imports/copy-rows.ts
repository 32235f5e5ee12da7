/**
 * PostgreSQL's binary COPY format for the staged rows of an import (see staging.ts for the
 * table). No text escaping, and bigints and points go as raw bytes, so neither side formats
 * or parses numbers.
 */
import { copyWords } from './byte-fields.ts';
import type { JsonBytes } from './rows.ts';

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const FIELDS = 10;
export const FLUSH_BYTES = 512 * 1024;

/** Codes (categories, grids) whose encoded field is remembered; a file has far fewer. */
const MAX_CODES = 65536;

/** A text field (its length, then its UTF-8 bytes) as little-endian words, the last one padded. */
interface CodeField {
  length: number;
  words: Uint32Array;
}

/**
 * Encodes rows in PostgreSQL's binary COPY format into a growing buffer. Numbers go through a
 * DataView, and short text (keys, codes) is copied a word or a byte at a time: both beat
 * Buffer's methods, whose checks and native calls cost more than the writing for fields this
 * small.
 */
export class BinaryRows {
  private buffer: Buffer = Buffer.allocUnsafe(2 * FLUSH_BYTES);
  private view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length);
  private at = 0;
  /**
   * The field (length and UTF-8 bytes) of each category and grid code met: codes repeat on
   * every row, and a code built by concatenation is slow to read character by character.
   */
  private readonly codes = new Map<string, CodeField>();
  // Rows come grouped by category, and mostly by grid: the last of each skips the look-up.
  private lastCategory: string | null = null;
  private lastCategoryField: CodeField = { length: 0, words: new Uint32Array(0) };
  private lastGrid: string | null = null;
  private lastGridField: CodeField = { length: 0, words: new Uint32Array(0) };
  /** The buffer rowRaw's keys were read from last, and a view of it. */
  private source: Buffer | null = null;
  private sourceView: DataView = new DataView(new ArrayBuffer(0));

  get size(): number {
    return this.at;
  }

  header(): void {
    this.reserve(19);
    this.at += COPY_SIGNATURE.copy(this.buffer, this.at);
    this.view.setInt32(this.at, 0);
    this.view.setInt32(this.at + 4, 0);
    this.at += 8;
  }

  trailer(): void {
    this.reserve(2);
    this.view.setInt16(this.at, -1);
    this.at += 2;
  }

  row(id: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    // Worst case 3 bytes per UTF-16 unit of text; fixed fields take 2 + 10 × 4 + 8 + 25 + 32 + 1.
    this.reserve(120 + 3 * (category.length + key.length + (grid?.length ?? 0) + attrs.length));
    let at = this.head(id, category);
    at = this.text(key, at);
    at = this.place(at, grid, lon, lat, h3, h3At);
    // json: the text as it is.
    const length = this.buffer.write(attrs, at + 4, 'utf8');
    this.view.setInt32(at, length);
    this.at = at + 4 + length;
  }

  /** As row, with the key given as the UTF-8 bytes source[keyStart, keyEnd) and the attributes as JSON that writes itself. */
  rowRaw(
    id: number, category: string, source: Buffer, keyStart: number, keyEnd: number, grid: string | null,
    lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: JsonBytes,
  ): void {
    const length = attrs.byteLength;
    this.reserve(120 + 3 * (category.length + (grid?.length ?? 0)) + (keyEnd - keyStart) + length);
    if (source !== this.source) {
      this.source = source;
      this.sourceView = new DataView(source.buffer, source.byteOffset, source.length);
    }
    let at = this.head(id, category);
    this.view.setInt32(at, keyEnd - keyStart);
    at = copyWords(this.sourceView, source, keyStart, keyEnd, this.view, this.buffer, at + 4);
    at = this.place(at, grid, lon, lat, h3, h3At);
    this.view.setInt32(at, length);
    this.at = attrs.writeTo(this.buffer, at + 4);
  }

  /** Hands over the rows encoded so far; goes on in `next` (a buffer handed over before and written since) or in a new one. */
  take(next?: Buffer): Buffer {
    const out = this.buffer.subarray(0, this.at);
    this.buffer = next && next.length >= 2 * FLUSH_BYTES ? next : Buffer.allocUnsafe(this.buffer.length);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length);
    this.at = 0;
    return out;
  }

  /** The field count, the id and the category; returns where the key goes. */
  private head(id: number, category: string): number {
    const v = this.view;
    const at = this.at;
    v.setInt16(at, FIELDS);
    v.setInt32(at + 2, 8);
    v.setUint32(at + 6, Math.floor(id / 4294967296));
    v.setUint32(at + 10, id >>> 0);
    if (category !== this.lastCategory) {
      this.lastCategory = category;
      this.lastCategoryField = this.code(category);
    }
    return this.copyField(this.lastCategoryField, at + 14);
  }

  /** The field of a category or grid code. */
  private code(value: string): CodeField {
    let field = this.codes.get(value);
    if (field === undefined) {
      const bytes = Buffer.from(value);
      const padded = new DataView(new ArrayBuffer(4 * Math.ceil((4 + bytes.length) / 4)));
      padded.setInt32(0, bytes.length);
      bytes.forEach((byte, i) => padded.setUint8(4 + i, byte));
      const words = new Uint32Array(padded.byteLength / 4).map((_, w) => padded.getUint32(4 * w, true));
      field = { length: 4 + bytes.length, words };
      if (this.codes.size >= MAX_CODES) this.codes.clear();
      this.codes.set(value, field);
    }
    return field;
  }

  /**
   * Writes a remembered field from `at` a word at a time; returns its end. Up to 3 bytes past
   * the end are written too (reserve's margin), and the next field overwrites them.
   */
  private copyField({ length, words }: CodeField, at: number): number {
    const v = this.view;
    for (let w = 0; w < words.length; w++) v.setUint32(at + 4 * w, words[w], true);
    return at + length;
  }

  /** The grid, the point and the H3 cells, from `at`; returns where the attributes go. */
  private place(at: number, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number): number {
    const v = this.view;
    if (grid === null) {
      v.setInt32(at, -1);
      at += 4;
    } else {
      if (grid !== this.lastGrid) {
        this.lastGrid = grid;
        this.lastGridField = this.code(grid);
      }
      at = this.copyField(this.lastGridField, at);
    }
    // EWKB point with SRID 4326: little-endian, type 1 | SRID flag, SRID, x, y.
    v.setInt32(at, 25);
    v.setUint8(at + 4, 1);
    v.setUint32(at + 5, 0x20000001, true);
    v.setUint32(at + 9, 4326, true);
    v.setFloat64(at + 13, lon, true);
    v.setFloat64(at + 21, lat, true);
    at += 29;
    for (let i = h3At; i < h3At + 8; i += 2) {
      v.setInt32(at, 8);
      v.setUint32(at + 4, h3[i]);
      v.setUint32(at + 8, h3[i + 1]);
      at += 12;
    }
    return at;
  }

  private text(value: string, at: number): number {
    const b = this.buffer;
    if (value.length <= 32) {
      let i = 0;
      for (; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c > 127) break;
        b[at + 4 + i] = c;
      }
      if (i === value.length) {
        this.view.setInt32(at, i);
        return at + 4 + i;
      }
    }
    const length = b.write(value, at + 4, 'utf8');
    this.view.setInt32(at, length);
    return at + 4 + length;
  }

  private reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
    this.view = new DataView(bigger.buffer, bigger.byteOffset, bigger.length);
  }
}
