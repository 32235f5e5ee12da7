/**
 * The byte-level lane of the CSV reader: a line of a UTF-8 file that is plainly valid (no
 * quotes, the header's number of fields, plain decimal coordinates inside the extent, a known
 * category, a key and the required fields present, nothing that trim() or JSON escaping would
 * change) goes from its bytes to the sink with no string and no object made for it. Anything
 * else goes to RowProcessor (the slow lane), which gives the same rows and writes the reasons
 * for rejections; so this lane only ever decides "accept exactly as the slow lane would" or
 * "ask the slow lane".
 */
import { CategoryBytes, copyWords, padded, parseDecimal } from './byte-fields.ts';
import { inExtent, toWgs84 } from './geometry.ts';
import type { JsonBytes, RowProcessor } from './rows.ts';

const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const BACKSLASHES = 0x5c5c5c5c;

export class FastRows implements JsonBytes {
  /** Fields of the current line: [starts[i], ends[i]). */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private fields = 0;
  /** Control bytes and backslashes in the current line, which JSON would escape. */
  private special = 0;
  /** End of the current line without its CR, after split(). */
  lineEnd = 0;
  /** The bytes of the current line (and a view of them), and the length of its attributes' JSON text (this is the row's JsonBytes). */
  private source: Buffer = Buffer.alloc(0);
  byteLength = 0;
  /** What goes before each attribute's value (`,"name":"`), one after another: attribute a's is keys[keyStarts[a], keyStarts[a + 1]). */
  private readonly keys: Buffer;
  private readonly keysView: DataView;
  private readonly keyStarts: Int32Array;
  private sourceView: DataView = new DataView(new ArrayBuffer(0));
  private target: Buffer | null = null;
  private targetView: DataView = new DataView(new ArrayBuffer(0));
  private readonly attributeColumns: Int32Array;
  private readonly required: Int32Array;
  /** The delimiter in each byte of a word. */
  private readonly delimiters: number;

  private constructor(
    private readonly processor: RowProcessor,
    private readonly columns: number,
    private readonly delimiter: number,
    private readonly lon: number,
    private readonly lat: number,
    private readonly category: number,
    private readonly key: number,
    private readonly categories: CategoryBytes,
    index: Map<string, number>,
  ) {
    this.delimiters = Math.imul(delimiter, 0x01010101);
    this.starts = new Int32Array(columns + 1);
    this.ends = new Int32Array(columns + 1);
    const listed = processor.attributes.listed ?? [];
    const keys = listed.map(([key]) => Buffer.from(`,${key}"`));
    this.keys = Buffer.concat(keys);
    this.keysView = new DataView(this.keys.buffer, this.keys.byteOffset, this.keys.length);
    this.keyStarts = new Int32Array(keys.length + 1);
    for (let a = 0; a < keys.length; a++) this.keyStarts[a + 1] = this.keyStarts[a] + keys[a].length;
    this.attributeColumns = Int32Array.from(listed, ([, column]) => index.get(column)!);
    this.required = Int32Array.from(processor.requiredColumns, (column) => index.get(column)!);
  }

  /**
   * The lane for `processor` over CSV `columns`, or null when its mapping is not a simple one:
   * a point from two columns and a key column, in UTF-8 (keyless rows take a hash of their
   * content; geometry columns and GB18030 text are rare enough for the slow lane).
   */
  static for(processor: RowProcessor, columns: string[], delimiter: string): FastRows | null {
    const { mapping, ctx } = processor;
    if (mapping.geometry.kind !== 'lonlat' || mapping.sourceKey === null || ctx.rejectUndecodable || processor.attributes.listed === null) return null;
    // As RowProcessor looks columns up: the last of equal names.
    const index = new Map(columns.map((c, i) => [c, i]));
    const at = (column: string) => index.get(column)!;
    return new FastRows(
      processor, columns.length, delimiter.charCodeAt(0), at(mapping.geometry.lon), at(mapping.geometry.lat),
      mapping.category === null ? -1 : at(mapping.category), at(mapping.sourceKey), new CategoryBytes(ctx.categories.names()), index,
    );
  }

  /**
   * Splits the line starting at `from` into fields, up to its line feed or `to`; returns where
   * it stops (the line feed's index, or `to`) and sets lineEnd.
   */
  split(bytes: Buffer, from: number, to: number): number {
    if (bytes !== this.source) {
      this.source = bytes;
      this.sourceView = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    }
    const { starts, ends, delimiter, delimiters, sourceView } = this;
    const most = this.columns;
    let fields = 0;
    let special = 0;
    starts[0] = from;
    let i = from;
    for (;;) {
      // Four bytes at a time while none is the delimiter, a backslash or below 0x20 (a control
      // byte or the line's end): "has a zero byte" tests on the word (Bit Twiddling Hacks).
      while (i + 4 <= to) {
        const word = sourceView.getUint32(i);
        const d = word ^ delimiters;
        const b = word ^ BACKSLASHES;
        if ((((d - 0x01010101) & ~d) | ((b - 0x01010101) & ~b) | ((word - 0x20202020) & ~word)) & 0x80808080) break;
        i += 4;
      }
      if (i >= to) break;
      const c = bytes[i];
      if (c === delimiter) {
        if (fields < most) {
          ends[fields] = i;
          starts[++fields] = i + 1;
        } else {
          fields = most + 1;
        }
      } else if (c === LF) {
        break;
      } else if (c < 32 || c === BACKSLASH) {
        special++;
      }
      i++;
    }
    let end = i;
    if (end > from && bytes[end - 1] === CR) {
      end--;
      special--;
    }
    if (fields < most) ends[fields] = end;
    this.fields = fields + 1;
    this.special = special;
    this.lineEnd = end;
    return i;
  }

  /** Stages the line split last as `line` when it is plainly valid; false: it takes the slow lane. */
  stage(bytes: Buffer, line: number): boolean {
    if (this.fields !== this.columns || this.special !== 0) return false;
    const { starts, ends, processor } = this;
    const { ctx } = processor;

    let lon = parseDecimal(bytes, starts[this.lon], ends[this.lon]);
    let lat = parseDecimal(bytes, starts[this.lat], ends[this.lat]);
    if (lon !== lon || lat !== lat) return false; // NaN
    if (ctx.srid !== 4326 && ctx.srid !== 4490) [lon, lat] = toWgs84(ctx.srid, lon, lat);
    if (!inExtent(ctx.extent, lon, lat)) return false;

    let category: string | undefined;
    if (this.category < 0 || starts[this.category] === ends[this.category]) {
      category = ctx.defaultCategory || undefined;
    } else if (!padded(bytes, starts[this.category], ends[this.category])) {
      category = this.categories.resolve(bytes, starts[this.category], ends[this.category]);
    }
    if (category === undefined) return false;

    for (let r = 0; r < this.required.length; r++) {
      const column = this.required[r];
      if (starts[column] === ends[column] || padded(bytes, starts[column], ends[column])) return false;
    }
    const keyStart = starts[this.key];
    const keyEnd = ends[this.key];
    if (keyStart === keyEnd || padded(bytes, keyStart, keyEnd)) return false;

    if (!this.measure()) return false;

    const { places } = processor;
    const slot = places.slot(lon, lat);
    const grid = places.grid(slot);
    if (grid === null) processor.outsideGrid++;
    processor.sink.addRaw(line, category, bytes, keyStart, keyEnd, grid, lon, lat, places.h3, places.h3At(slot), this);
    return true;
  }

  /**
   * Measures the attributes' JSON text of the current line, as AttributeWriter would write it
   * (empty values left out); false when a value needs trimming.
   */
  private measure(): boolean {
    const { starts, ends, keyStarts, attributeColumns } = this;
    let length = 2;
    let written = 0;
    for (let a = 0; a < attributeColumns.length; a++) {
      const start = starts[attributeColumns[a]];
      const end = ends[attributeColumns[a]];
      if (start === end) continue;
      if (padded(this.source, start, end)) return false;
      length += keyStarts[a + 1] - keyStarts[a] + end - start + 1;
      written++;
    }
    // The first attribute goes without its comma.
    this.byteLength = written > 0 ? length - 1 : length;
    return true;
  }

  writeTo(target: Buffer, at: number): number {
    const { starts, ends, keys, keysView, keyStarts, attributeColumns, source, sourceView } = this;
    if (target !== this.target) {
      this.target = target;
      this.targetView = new DataView(target.buffer, target.byteOffset, target.length);
    }
    const targetView = this.targetView;
    target[at++] = 0x7b; // {
    // The first attribute written starts after its comma.
    let skip = 1;
    for (let a = 0; a < attributeColumns.length; a++) {
      const start = starts[attributeColumns[a]];
      const end = ends[attributeColumns[a]];
      if (start === end) continue;
      at = copyWords(keysView, keys, keyStarts[a] + skip, keyStarts[a + 1], targetView, target, at);
      skip = 0;
      at = copyWords(sourceView, source, start, end, targetView, target, at);
      target[at++] = 0x22; // "
    }
    target[at++] = 0x7d; // }
    return at;
  }

  toString(): string {
    const text = Buffer.allocUnsafe(this.byteLength);
    this.writeTo(text, 0);
    return text.toString();
  }
}
