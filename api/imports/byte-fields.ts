/**
 * Readings of CSV fields straight from UTF-8 bytes, for the byte-level reader (fast-rows.ts).
 * Each gives exactly what the string code gives for the same text (parseCoordinate,
 * String.prototype.trim, CategoryIndex.resolve) or says it cannot, and the row then takes the
 * string code, which also writes the rejection messages.
 */

/**
 * Copies source[from, to) into target from `at`, four bytes at a time through DataViews of both;
 * returns the end. A loop: the fields are short, and Buffer#copy of part of a buffer costs a
 * view object and a native call each time. The last word ends at `to` and may overlap the one
 * before, which spares a loop over the last bytes, whose count varies from field to field.
 */
export function copyWords(sourceView: DataView, source: Uint8Array, from: number, to: number, targetView: DataView, target: Uint8Array, at: number): number {
  const length = to - from;
  if (length < 4) {
    for (let i = 0; i < length; i++) target[at + i] = source[from + i];
    return at + length;
  }
  const last = to - 4;
  const shift = at - from;
  for (let i = from; i < last; i += 4) targetView.setUint32(i + shift, sourceView.getUint32(i, true), true);
  targetView.setUint32(last + shift, sourceView.getUint32(last, true), true);
  return at + length;
}

/** 10^0 … 10^22, each exact (read from its literal, not computed). */
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * The number in bytes[from, to) when it is a plain decimal ([+-]digits[.digits], as office
 * software writes coordinates); NaN for anything else (empty, spaces, exponents), which the
 * string code reads or rejects. With at most 15 significant digits, the digits and the power of
 * ten are exact doubles and one division rounds correctly: the same double as Number(text).
 */
export function parseDecimal(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  const sign = bytes[i];
  if (sign === 45 || sign === 43) i++;
  let mantissa = 0;
  let digit = 0;
  const whole = i;
  while (i < to && (digit = bytes[i] - 48) >= 0 && digit <= 9) {
    mantissa = mantissa * 10 + digit;
    i++;
  }
  let digits = i - whole;
  let scale = 0;
  if (i < to && bytes[i] === 46) {
    const fraction = ++i;
    while (i < to && (digit = bytes[i] - 48) >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      i++;
    }
    scale = i - fraction;
    digits += scale;
  }
  if (i !== to || digits === 0) return NaN;
  // More than 15 significant digits exactly when the digits, read as an integer, reach 10^15.
  if (mantissa >= 1e15 || scale > 22) return Number(Buffer.from(bytes.buffer, bytes.byteOffset + from, to - from).toString('latin1'));
  const value = mantissa / POWERS_OF_TEN[scale];
  return sign === 45 ? -value : value;
}

/** Whether the character starting at bytes[i] may be white space to String.prototype.trim (erring toward yes). */
function space(bytes: Uint8Array, i: number): boolean {
  const c = bytes[i];
  if (c <= 0x20) return true;
  if (c < 0x80) return false;
  switch (c) {
    case 0xc2: // U+0080–U+00BF: NBSP among them
      return true;
    case 0xe1: // U+1680, U+180E
      return (bytes[i + 1] === 0x9a && bytes[i + 2] === 0x80) || (bytes[i + 1] === 0xa0 && bytes[i + 2] === 0x8e);
    case 0xe2: // U+2000–U+207F: the typographic spaces, U+2028/2029, U+202F, U+205F
      return bytes[i + 1] === 0x80 || bytes[i + 1] === 0x81;
    case 0xe3: // U+3000, the ideographic space
      return bytes[i + 1] === 0x80 && bytes[i + 2] === 0x80;
    case 0xef: // U+FEFF
      return bytes[i + 1] === 0xbb && bytes[i + 2] === 0xbf;
    default:
      return false;
  }
}

/** Whether the (non-empty, valid UTF-8) text bytes[from, to) might change under trim(). */
export function padded(bytes: Uint8Array, from: number, to: number): boolean {
  if (space(bytes, from)) return true;
  let last = to - 1;
  while (last > from && (bytes[last] & 0xc0) === 0x80) last--;
  return space(bytes, last);
}

/**
 * CategoryIndex.resolve over bytes, without making a string: the names it knows (codes,
 * upper-case codes, Chinese names) in an open-addressing table of their UTF-8 bytes.
 */
export class CategoryBytes {
  private readonly keys: Buffer;
  private readonly starts: Int32Array;
  private readonly codes: string[] = [];
  /** Entry index + 1 per slot; 0: empty. */
  private readonly slots: Int32Array;
  /** The entry found last as written, or -1. */
  private last = -1;

  constructor(names: Iterable<[name: string, code: string]>) {
    const entries = [...names];
    const encoded = entries.map(([name]) => Buffer.from(name));
    this.keys = Buffer.concat(encoded);
    this.starts = new Int32Array(entries.length + 1);
    let size = 64;
    while (size < entries.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    for (let e = 0, at = 0; e < entries.length; e++) {
      this.starts[e] = at;
      at += encoded[e].length;
      this.starts[e + 1] = at;
      this.codes.push(entries[e][1]);
      let slot = hash(this.keys, this.starts[e], at, false) & (size - 1);
      while (this.slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.slots[slot] = e + 1;
    }
  }

  /**
   * The code for the name bytes[from, to), as CategoryIndex.resolve finds it (as written, then
   * upper-cased); undefined when it is not found this way: unknown, or not ASCII and not found
   * as written (upper-casing is byte-wise for ASCII only).
   */
  resolve(bytes: Uint8Array, from: number, to: number): string | undefined {
    // Rows come grouped by category: the last name first.
    const last = this.last;
    if (last >= 0 && this.starts[last + 1] - this.starts[last] === to - from) {
      let i = 0;
      while (i < to - from && this.keys[this.starts[last] + i] === bytes[from + i]) i++;
      if (i === to - from) return this.codes[last];
    }
    const entry = this.find(bytes, from, to, false);
    if (entry >= 0) {
      this.last = entry;
      return this.codes[entry];
    }
    for (let i = from; i < to; i++) if (bytes[i] >= 0x80) return undefined;
    const upper = this.find(bytes, from, to, true);
    return upper >= 0 ? this.codes[upper] : undefined;
  }

  private find(bytes: Uint8Array, from: number, to: number, upper: boolean): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(bytes, from, to, upper) & mask; this.slots[slot] !== 0; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] - 1;
      const start = this.starts[entry];
      if (this.starts[entry + 1] - start !== to - from) continue;
      let i = 0;
      while (i < to - from && this.keys[start + i] === (upper ? upperAscii(bytes[from + i]) : bytes[from + i])) i++;
      if (i === to - from) return entry;
    }
    return -1;
  }
}

const upperAscii = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);

function hash(bytes: Uint8Array, from: number, to: number, upper: boolean): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ (upper ? upperAscii(bytes[i]) : bytes[i]), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
