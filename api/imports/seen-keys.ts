/**
 * Which source keys a file has shown so far, as 64-bit hashes in an open-addressing table
 * (8 bytes a key: 9.7 million keys take 128 MB; strings in a Set would take several times that).
 * It only has to say whether a file *may* repeat a key: when it does not, the merge skips the
 * exact duplicate pass over the staged rows; a hash collision merely runs that pass for nothing.
 */
export class SeenKeys {
  private high = new Uint32Array(1 << 16);
  private low = new Uint32Array(1 << 16);
  private count = 0;
  /** A key (or a hash of one) came twice. */
  repeated = false;

  /** Notes `category\tkey`; true when it was (probably) seen before. */
  add(category: string, key: string): boolean {
    // Two FNV-1a variants over the same characters: a 64-bit hash without BigInt.
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ category.length;
    const text = category + '\t' + key;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    a >>>= 0;
    b = (b >>> 0) | 1; // 0 marks an empty slot
    if (this.count * 4 >= this.low.length * 3) this.grow();
    if (this.insert(a, b)) return false;
    this.repeated = true;
    return true;
  }

  /** False when the hash was there already. */
  private insert(a: number, b: number): boolean {
    const mask = this.low.length - 1;
    for (let slot = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; slot = (slot + 1) & mask) {
      if (this.low[slot] === 0) {
        this.high[slot] = a;
        this.low[slot] = b;
        this.count++;
        return true;
      }
      if (this.low[slot] === b && this.high[slot] === a) return false;
    }
  }

  private grow(): void {
    const high = this.high;
    const low = this.low;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    this.count = 0;
    for (let i = 0; i < low.length; i++) if (low[i] !== 0) this.insert(high[i], low[i]);
  }
}
