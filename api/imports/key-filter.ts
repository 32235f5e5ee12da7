/**
 * A Bloom filter over an import segment's (category, source key) pairs, stored with the segment
 * (entity_segment.key_filter): a later import searches the segment for its keys only when the
 * filter says it may hold one of them. About 10 bits a key and 7 probes: 1 % false positives;
 * never a false negative. Built from the 64-bit hashes SeenKeys makes of every key anyway.
 *
 * Stored form: one version byte (the hash and probe scheme), one byte k, then the bits.
 */
import type { KeyHashes } from './seen-keys.ts';

const VERSION = 1;
const PROBES = 7;
const BITS_PER_KEY = 10;
const HEADER = 2;

export class KeyFilter {
  private constructor(
    private readonly bytes: Uint8Array,
    private readonly bits: number,
  ) {}

  /** A filter sized for `count` keys. */
  static sized(count: number): KeyFilter {
    const bytes = Math.max(8, Math.ceil((Math.max(1, count) * BITS_PER_KEY) / 8));
    const stored = new Uint8Array(HEADER + bytes);
    stored[0] = VERSION;
    stored[1] = PROBES;
    return new KeyFilter(stored, bytes * 8);
  }

  /** The filter of every key in `hashes`. */
  static of(hashes: KeyHashes): KeyFilter {
    const filter = KeyFilter.sized(hashes.size);
    hashes.forEachHash((a, b) => filter.add(a, b));
    return filter;
  }

  /** A stored filter; null when it was made by another scheme (then treat the segment as unknown). */
  static read(stored: Uint8Array): KeyFilter | null {
    if (stored.length <= HEADER || stored[0] !== VERSION || stored[1] !== PROBES) return null;
    return new KeyFilter(stored, (stored.length - HEADER) * 8);
  }

  /** The stored form. */
  get stored(): Uint8Array {
    return this.bytes;
  }

  add(a: number, b: number): void {
    const bytes = this.bytes;
    for (let i = 0, h = a; i < PROBES; i++, h = (h + b) >>> 0) {
      const bit = this.slot(h);
      bytes[HEADER + (bit >>> 3)] |= 1 << (bit & 7);
    }
  }

  /** False when the key with hash (a, b) was certainly never added. */
  mayHave(a: number, b: number): boolean {
    const bytes = this.bytes;
    for (let i = 0, h = a; i < PROBES; i++, h = (h + b) >>> 0) {
      const bit = this.slot(h);
      if ((bytes[HEADER + (bit >>> 3)] & (1 << (bit & 7))) === 0) return false;
    }
    return true;
  }

  /** Whether any key in `hashes` may be in the filter. */
  mayHaveAny(hashes: KeyHashes): boolean {
    let found = false;
    hashes.forEachHash((a, b) => (found = this.mayHave(a, b)));
    return found;
  }

  /** Maps a 32-bit hash onto [0, bits) by multiplication (no division, no power-of-two size). */
  private slot(h: number): number {
    return Math.floor((h / 4294967296) * this.bits);
  }
}
