import { describe, expect, it } from 'vitest';
import { KeyFilter } from './key-filter.ts';
import { SeenKeys } from './seen-keys.ts';

function keysOf(prefix: string, n: number): SeenKeys {
  const keys = new SeenKeys(n);
  for (let i = 0; i < n; i++) keys.add('RP01', `${prefix}${i}`);
  return keys;
}

/** Each hash of `keys` as a set of one, so the filter can be asked about keys one by one. */
function eachAlone(keys: SeenKeys): { size: number; forEachHash(visit: (a: number, b: number) => boolean | void): void }[] {
  const alone: { size: number; forEachHash(visit: (a: number, b: number) => boolean | void): void }[] = [];
  keys.forEachHash((a, b) => {
    alone.push({ size: 1, forEachHash: (visit) => void visit(a, b) });
  });
  return alone;
}

describe('imports: the key filter of a segment', () => {
  const added = keysOf('320111199001', 50_000);
  const filter = KeyFilter.of(added);

  it('holds every key it was made of, also once stored and read back', () => {
    const read = KeyFilter.read(Uint8Array.from(filter.stored))!;
    let missing = 0;
    added.forEachHash((a, b) => {
      if (!filter.mayHave(a, b) || !read.mayHave(a, b)) missing++;
    });
    expect(added.size).toBe(50_000);
    expect(missing).toBe(0);
    expect(filter.mayHaveAny(added)).toBe(true);
  });

  it('says "maybe" to about 1 % of other keys, at about 10 bits a key', () => {
    const others = eachAlone(keysOf('320111199002', 20_000));
    const maybe = others.filter((key) => filter.mayHaveAny(key)).length;
    expect(maybe / others.length).toBeGreaterThan(0.002);
    expect(maybe / others.length).toBeLessThan(0.02);
    expect(filter.stored.length).toBeLessThan((50_000 * 10) / 8 + 16);
  });

  it('is not read when stored by another scheme', () => {
    const other = Uint8Array.from(filter.stored);
    other[0] = 99;
    expect(KeyFilter.read(other)).toBeNull();
    expect(KeyFilter.read(new Uint8Array(0))).toBeNull();
  });
});

describe('imports: key hashes', () => {
  it('stay what stored filters were made with (FNV-1a variants over `category\\tkey`)', () => {
    const keys = new SeenKeys();
    for (const key of ['BRP01-00000001', '浦口𠮷', 'x\ud800y', '']) keys.add('RP01', key);
    const hashes: string[] = [];
    keys.forEachHash((a, b) => void hashes.push(`${a.toString(16)}:${b.toString(16)}`));
    expect(hashes.sort()).toEqual(['51f619e2:99626b93', '70832752:c1878fd7', 'd8c10601:36ea0823', 'e0315a77:fb9f665']);
  });
});
