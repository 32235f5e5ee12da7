/**
 * Which source keys a file has shown so far, as 64-bit hashes (8 bytes a key: 9.7 million keys
 * take 78 MB; strings in a Set would take several times that). It only has to say whether a
 * file *may* repeat a key: when it does not, the merge skips the exact duplicate pass over the
 * staged rows; a hash collision merely runs that pass for nothing.
 *
 * While each category's keys come in ascending byte order (files exported from a database
 * mostly do), no key can have come before, and a comparison with the category's last key says
 * so: the hashes are only listed. The first key out of order puts the listed hashes into an
 * open-addressing table, which every later key is then looked up in: a lookup in a table of
 * millions of keys misses the cache, and cost a seventh of a large import's reading.
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
  /** The hashes of the distinct keys in the order they came: hash i's two halves at 2i and 2i + 1. */
  private list: Uint32Array;
  private count = 0;
  /** Slot i: a hash's two halves at 2i and 2i + 1 (side by side: one cache miss a key, not two); null while keys come in order. */
  private table: Uint32Array | null = null;
  private tableCount = 0;
  /** A key (or a hash of one) came twice. */
  repeated = false;
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
  constructor(private readonly expected = 0) {
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

  /** Notes `category\tkey`; true when it was (probably) seen before. */
  add(category: string, key: string): boolean {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.alloc(key.length * 3);
    // As Buffer.from writes it (a lone surrogate as U+FFFD): the same key hashes alike either way.
    const length = this.scratch.write(key);
    return this.addBytes(category, this.scratch, 0, length);
  }

  /** As add, for the key given as its UTF-8 bytes source[start, end). */
  addBytes(category: string, source: Uint8Array, start: number, end: number): boolean {
    this.start(category);
    let a = this.a;
    let b = this.b;
    for (let i = start; i < end; i++) {
      const c = source[i];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a >>>= 0;
    // 0 marks an empty slot. (`| 1` first: after it the value is signed and would never equal a stored word.)
    b = (b | 1) >>> 0;
    if (this.table === null) {
      if (this.follows(source, start, end)) {
        this.append(a, b);
        return false;
      }
      this.buildTable();
    }
    if (this.tableCount * 8 >= this.table!.length * 3) this.grow();
    if (this.insert(a, b)) {
      this.append(a, b);
      return false;
    }
    this.repeated = true;
    return true;
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

  private append(a: number, b: number): void {
    if (2 * this.count === this.list.length) {
      const longer = new Uint32Array(this.list.length * 2);
      longer.set(this.list);
      this.list = longer;
    }
    this.list[2 * this.count] = a;
    this.list[2 * this.count + 1] = b;
    this.count++;
  }

  /** The first key out of order: from here on keys are looked up, so the table takes every key so far. */
  private buildTable(): void {
    let slots = 1 << 16;
    // It doubles at 3/4 full.
    while (slots * 3 < Math.max(this.expected, this.count * 2) * 4) slots *= 2;
    this.table = new Uint32Array(2 * slots);
    const list = this.list;
    for (let at = 0; at < 2 * this.count; at += 2) this.insert(list[at], list[at + 1]);
  }

  /** False when the hash was there already. */
  private insert(a: number, b: number): boolean {
    const words = this.table!;
    const mask = (words.length >> 1) - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 1;
      if (words[at + 1] === 0) {
        words[at] = a;
        words[at + 1] = b;
        this.tableCount++;
        return true;
      }
      if (words[at + 1] === b && words[at] === a) return false;
    }
  }

  private grow(): void {
    const old = this.table!;
    this.table = new Uint32Array(old.length * 2);
    this.tableCount = 0;
    for (let at = 0; at < old.length; at += 2) if (old[at + 1] !== 0) this.insert(old[at], old[at + 1]);
  }
}
