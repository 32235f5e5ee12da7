/**
 * Which source keys a file has shown so far, as 64-bit hashes in an open-addressing table
 * (8 bytes a key: 9.7 million keys take 128 MB; strings in a Set would take several times that).
 * It only has to say whether a file *may* repeat a key: when it does not, the merge skips the
 * exact duplicate pass over the staged rows; a hash collision merely runs that pass for nothing.
 */
/** The 64-bit hashes (two 32-bit halves) of a set of keys. */
export interface KeyHashes {
  readonly size: number;
  /** Calls `visit` with each hash until it returns true. */
  forEachHash(visit: (a: number, b: number) => boolean | void): void;
}

export class SeenKeys implements KeyHashes {
  /** Slot i: the hash's two halves at 2i and 2i + 1 (side by side: one cache miss a key, not two). */
  private words: Uint32Array;
  private count = 0;
  /** A key (or a hash of one) came twice. */
  repeated = false;
  // The hash being made: two FNV-1a variants over the UTF-8 bytes of `category\tkey`, 64 bits without BigInt.
  private a = 0;
  private b = 0;
  /** The hash of `category\t` for the last category (rows come grouped by category). */
  private category: string | null = null;
  private categoryA = 0;
  private categoryB = 0;

  /** `expected`: about how many keys will come (the table starts that large instead of doubling its way there). */
  constructor(expected = 0) {
    let slots = 1 << 16;
    // It doubles at 3/4 full.
    while (slots * 3 < expected * 4) slots *= 2;
    this.words = new Uint32Array(2 * slots);
  }

  get size(): number {
    return this.count;
  }

  forEachHash(visit: (a: number, b: number) => boolean | void): void {
    const words = this.words;
    for (let at = 0; at < words.length; at += 2) {
      if (words[at + 1] !== 0 && visit(words[at], words[at + 1])) return;
    }
  }

  /** Notes `category\tkey`; true when it was (probably) seen before. */
  add(category: string, key: string): boolean {
    this.start(category);
    this.mixText(key);
    return this.finish();
  }

  /** As add, for the key given as its UTF-8 bytes source[start, end): the same key hashes alike either way. */
  addBytes(category: string, source: Uint8Array, start: number, end: number): boolean {
    this.start(category);
    let a = this.a;
    let b = this.b;
    for (let i = start; i < end; i++) {
      const c = source[i];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    return this.finish();
  }

  private start(category: string): void {
    if (category !== this.category) {
      this.a = 0x811c9dc5;
      this.b = 0x01000193 ^ category.length;
      this.mixText(category);
      this.mixText('\t');
      this.category = category;
      this.categoryA = this.a;
      this.categoryB = this.b;
    }
    this.a = this.categoryA;
    this.b = this.categoryB;
  }

  /** Mixes in the UTF-8 bytes of `text` (a lone surrogate as U+FFFD, as Buffer.from writes it). */
  private mixText(text: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      let c = text.charCodeAt(i);
      let n = 1;
      if (c >= 0x80) {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = text.charCodeAt(i + 1);
          if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
            i++;
          } else {
            c = 0xfffd;
          }
        }
        n = c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      }
      for (let k = n - 1; k >= 0; k--) {
        // The byte of the character's UTF-8 form that holds bits 6k and up.
        const byte = n === 1 ? c : k === n - 1 ? ((0xf00 >> n) & 0xff) | (c >> (6 * k)) : 0x80 | ((c >> (6 * k)) & 63);
        a = Math.imul(a ^ byte, 0x01000193);
        b = Math.imul(b ^ byte, 0x5bd1e995) ^ (b >>> 15);
      }
    }
    this.a = a;
    this.b = b;
  }

  private finish(): boolean {
    const a = this.a >>> 0;
    // 0 marks an empty slot. (`| 1` first: after it the value is signed and would never equal a stored word.)
    const b = (this.b | 1) >>> 0;
    if (this.count * 8 >= this.words.length * 3) this.grow();
    if (this.insert(a, b)) return false;
    this.repeated = true;
    return true;
  }

  /** False when the hash was there already. */
  private insert(a: number, b: number): boolean {
    const words = this.words;
    const mask = (words.length >> 1) - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 1;
      if (words[at + 1] === 0) {
        words[at] = a;
        words[at + 1] = b;
        this.count++;
        return true;
      }
      if (words[at + 1] === b && words[at] === a) return false;
    }
  }

  private grow(): void {
    const old = this.words;
    this.words = new Uint32Array(old.length * 2);
    this.count = 0;
    for (let at = 0; at < old.length; at += 2) if (old[at + 1] !== 0) this.insert(old[at], old[at + 1]);
  }
}
