/**
 * Where the merge must look for records that already have one of an import's keys: segment 0
 * when some key of it lies in the range of the import's keys (its btree on source_key tells at
 * once), and each import segment whose range of keys meets the import's and whose key filter
 * may hold one of them (key-filter.ts). An import of new keys of their own range, or a small
 * one of new keys, looks nowhere, and the join with entity is skipped.
 */
import type pg from 'pg';
import { KeyFilter } from './key-filter.ts';
import type { KeyHashes } from './seen-keys.ts';
import { SEGMENT_SPAN } from './staging.ts';

/** The smallest and largest key of an import, in byte order (the "C" collation of source_key). */
export class KeyRange {
  private min: Buffer = Buffer.alloc(64);
  private max: Buffer = Buffer.alloc(64);
  private minLength = -1;
  private maxLength = -1;

  addBytes(source: Uint8Array, start: number, end: number): void {
    if (this.maxLength < 0) {
      this.min = keep(this.min, source, start, end);
      this.max = keep(this.max, source, start, end);
      this.minLength = this.maxLength = end - start;
    } else if (compare(source, start, end, this.max, this.maxLength) > 0) {
      this.max = keep(this.max, source, start, end);
      this.maxLength = end - start;
    } else if (compare(source, start, end, this.min, this.minLength) < 0) {
      this.min = keep(this.min, source, start, end);
      this.minLength = end - start;
    }
  }

  addText(key: string): void {
    const bytes = Buffer.from(key);
    this.addBytes(bytes, 0, bytes.length);
  }

  /** [min, max] as text, or null before any key. */
  bounds(): [string, string] | null {
    if (this.minLength < 0) return null;
    return [this.min.toString('utf8', 0, this.minLength), this.max.toString('utf8', 0, this.maxLength)];
  }
}

function compare(source: Uint8Array, start: number, end: number, other: Uint8Array, length: number): number {
  const n = Math.min(end - start, length);
  for (let i = 0; i < n; i++) {
    const d = source[start + i] - other[i];
    if (d !== 0) return d;
  }
  return end - start - length;
}

function keep(into: Buffer, source: Uint8Array, start: number, end: number): Buffer {
  const target = end - start <= into.length ? into : Buffer.alloc(2 * (end - start));
  for (let i = start; i < end; i++) target[i - start] = source[i];
  return target;
}

export interface ImportKeys {
  hashes: KeyHashes;
  range: KeyRange;
}

/**
 * A condition on entity's id (`e.id`) that keeps the segments which may hold one of the keys, or
 * null when none can. Run under the merge lock: no segment is attached meanwhile.
 */
export async function segmentsToSearch(client: pg.ClientBase, keys: ImportKeys): Promise<string | null> {
  const bounds = keys.range.bounds();
  if (bounds === null) return null;
  const ranges: string[] = [];
  const { rows: zero } = await client.query<{ some: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM entity_segment_0 WHERE source_key >= $1 AND source_key <= $2) AS some`,
    bounds,
  );
  if (zero[0].some) ranges.push(`e.id < ${SEGMENT_SPAN}`);
  const { rows } = await client.query<{ segment: number; key_filter: Uint8Array | null }>(
    `SELECT segment, key_filter FROM entity_segment
     WHERE min_key IS NULL OR NOT (max_key < $1 OR min_key > $2)
     ORDER BY segment`,
    bounds,
  );
  for (const { segment, key_filter } of rows) {
    const filter = key_filter && KeyFilter.read(key_filter);
    if (filter && !filter.mayHaveAny(keys.hashes)) continue;
    const first = segment * SEGMENT_SPAN;
    ranges.push(`(e.id >= ${first} AND e.id < ${first + SEGMENT_SPAN})`);
  }
  return ranges.length === 0 ? null : ranges.join(' OR ');
}
