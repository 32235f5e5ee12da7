/**
 * Encoded tiles kept in memory, bounded by bytes (lru-cache), each under its layer, tile,
 * filters, reader's jurisdiction and the data generation of what the layer reads. A tile read
 * while its data changed is not kept (see TileVersions.generation): the generation moves only
 * after the change is committed, so a read that started before it may have seen the old rows.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export interface CachedTile {
  bytes: Uint8Array;
  etag: string;
}

/** A strong ETag from the bytes: the same tile gives the same ETag in every process. */
export const etagOf = (bytes: Uint8Array) => `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;

export class TileCache {
  readonly #lru: LRUCache<string, CachedTile> | null;

  /** `maxBytes` 0: nothing is kept (every tile is encoded afresh). */
  constructor(maxBytes: number) {
    // An empty tile still costs its key and entry: count it as 64 bytes.
    this.#lru = maxBytes > 0 ? new LRUCache({ maxSize: maxBytes, sizeCalculation: (t) => t.bytes.length + 64 }) : null;
  }

  get(key: string): CachedTile | undefined {
    return this.#lru?.get(key);
  }

  set(key: string, tile: CachedTile): void {
    // A tile larger than the whole cache is refused by lru-cache's maxSize: served, not kept.
    if (this.#lru && tile.bytes.length + 64 <= this.#lru.maxSize) this.#lru.set(key, tile);
  }

  clear(): void {
    this.#lru?.clear();
  }

  /** Bytes held, for the health of the cache. */
  get bytes(): number {
    return this.#lru?.calculatedSize ?? 0;
  }
}
