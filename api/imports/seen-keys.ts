/**
 * Which source keys a file has shown, as 64-bit hashes (8 bytes a key: 9.7 million keys take
 * 78 MB; strings in a Set would take several times that). It only has to say whether a file
 * *may* repeat a key: when it does not, the merge skips the exact duplicate pass over the
 * staged rows; a hash collision merely runs that pass for nothing.
 *
 * The hashes are only listed while the file is read. While each category's keys come in
 * ascending byte order (files exported from a database mostly do), no key can have come before,
 * and a comparison with the category's last key says so. Otherwise the list is sorted once, when
 * asked, and repeats lie side by side: one native sort of 2M hashes costs about a third of
 * looking every key up in a table as it comes, whose table of millions misses the cache on
 * every row.
 */
/** The 64-bit hashes (two 32-bit halves) of a set of keys. */
export interface KeyHashes {
  readonly size: number;
  /** Calls `visit` with each hash until it returns true. */
  forEachHash(visit: (a: number, b: number) => boolean | void): void;
}

/** A category's last key, as UTF-8 bytes, and the hash of `category\t` (rows of several categories may alternate). */
interface CategoryState {
  bytes: Buffer;
  length: number;
  a: number;
  b: number;
}

export class SeenKeys implements KeyHashes {
  /** The hashes of the keys: hash i's two halves at 2i and 2i + 1 (in the order they came until sorted). */
  private list: Uint32Array;
  private count = 0;
  /** Every category's keys came in ascending order so far. */
  private ordered = true;
  /** Whether the list holds a repeat, as of `checked` hashes (−1: not checked). */
  private checked = -1;
  private repeats = false;
  // The hash being made: two FNV-1a variants over the UTF-8 bytes of `category\tkey`, 64 bits without BigInt.
  private a = 0;
  private b = 0;
  /** The hash of `category\t` and the last key for the last category (rows come grouped by category). */
  private category: string | null = null;
  private categoryA = 0;
  private categoryB = 0;
  private last: CategoryState = { bytes: Buffer.alloc(0), length: 0, a: 0, b: 0 };
  private readonly lastKeys = new Map<string, CategoryState>();
  /** The UTF-8 bytes of a key given as text. */
  private scratch = Buffer.alloc(256);

  /** `expected`: about how many keys will come (the list starts that large instead of doubling its way there). */
  constructor(expected = 0) {
    this.list = new Uint32Array(2 * Math.max(1 << 12, Math.ceil(expected)));
  }

  get size(): number {
    return this.count;
  }

  forEachHash(visit: (a: number, b: number) => boolean | void): void {
    const list = this.list;
    for (let at = 0, end = 2 * this.count; at < end; at += 2) {
      if (visit(list[at], list[at + 1])) return;
    }
  }

  /** Notes `category\tkey`. */
  add(category: string, key: string): void {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.alloc(key.length * 3);
    // As Buffer.from writes it (a lone surrogate as U+FFFD): the same key hashes alike either way.
    const length = this.scratch.write(key);
    this.addBytes(category, this.scratch, 0, length);
  }

  /** As add, for the key given as its UTF-8 bytes source[start, end). */
  addBytes(category: string, source: Uint8Array, start: number, end: number): void {
    this.start(category);
    let a = this.a;
    let b = this.b;
    for (let i = start; i < end; i++) {
      const c = source[i];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    if (this.ordered && !this.follows(source, start, end)) this.ordered = false;
    if (2 * this.count === this.list.length) {
      const longer = new Uint32Array(this.list.length * 2);
      longer.set(this.list);
      this.list = longer;
    }
    this.list[2 * this.count] = a >>> 0;
    // Never 0 (the scheme of filters stored before; see key-filter.ts).
    this.list[2 * this.count + 1] = (b | 1) >>> 0;
    this.count++;
  }

  /** Some key (or some key's hash) came twice. */
  get repeated(): boolean {
    if (this.ordered) return false;
    if (this.checked !== this.count) {
      // Sorted as 64-bit numbers, equal hashes lie side by side; read back as their 32-bit halves.
      const hashes = new BigUint64Array(this.list.buffer, this.list.byteOffset, this.count).sort();
      const words = new Uint32Array(hashes.buffer, hashes.byteOffset, 2 * this.count);
      this.repeats = false;
      for (let at = 2; at < words.length; at += 2) {
        if (words[at] === words[at - 2] && words[at + 1] === words[at - 1]) {
          this.repeats = true;
          break;
        }
      }
      this.checked = this.count;
    }
    return this.repeats;
  }

  private start(category: string): void {
    if (category !== this.category) {
      let last = this.lastKeys.get(category);
      if (!last) {
        let a = 0x811c9dc5;
        let b = 0x01000193 ^ category.length;
        for (const byte of Buffer.from(`${category}\t`)) {
          a = Math.imul(a ^ byte, 0x01000193);
          b = Math.imul(b ^ byte, 0x5bd1e995) ^ (b >>> 15);
        }
        this.lastKeys.set(category, (last = { bytes: Buffer.alloc(32), length: -1, a, b }));
      }
      this.category = category;
      this.categoryA = last.a;
      this.categoryB = last.b;
      this.last = last;
    }
    this.a = this.categoryA;
    this.b = this.categoryB;
  }

  /** True when the key comes after its category's last key in byte order (it becomes the last). */
  private follows(source: Uint8Array, start: number, end: number): boolean {
    const last = this.last;
    const length = end - start;
    if (last.length >= 0) {
      const bytes = last.bytes;
      const shorter = Math.min(length, last.length);
      let i = 0;
      while (i < shorter && source[start + i] === bytes[i]) i++;
      // Equal up to the shorter: the longer comes after; a differing byte decides.
      if (i < shorter ? source[start + i] < bytes[i] : length <= last.length) return false;
    }
    if (length > last.bytes.length) last.bytes = Buffer.alloc(2 * length);
    for (let i = 0; i < length; i++) last.bytes[i] = source[start + i];
    last.length = length;
    return true;
  }
}
