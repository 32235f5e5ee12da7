/**
 * A tile of a layer for a reader: from the cache when its data has not changed, else encoded
 * (under the reader's scope for the private layers) and kept.
 */
import type { DataScope } from '../auth/scope.ts';
import { withScope } from '../auth/scope.ts';
import type { Database } from '../db/database.ts';
import { TileCache, etagOf, type CachedTile } from './cache.ts';
import { ENCODERS, type EncoderKind, type TileEncoder } from './encode.ts';
import type { AnyTileLayer, Tile } from './layer.ts';
import { tileVersions, type TileVersions } from './versions.ts';

export interface TileServiceOptions {
  cacheBytes: number;
  /** Which encoder SQL layers use; default: the database's (PostGIS on PostgreSQL, Node on the embedded one). */
  encoder?: EncoderKind;
}

export class TileService {
  readonly cache: TileCache;
  readonly encoder: TileEncoder;
  readonly versions: TileVersions;
  readonly #db: Database;

  constructor(db: Database, options: TileServiceOptions) {
    this.#db = db;
    this.cache = new TileCache(options.cacheBytes);
    this.encoder = ENCODERS[options.encoder ?? (db.kind === 'postgres' ? 'postgis' : 'node')];
    this.versions = tileVersions(db);
  }

  /** The encoded tile and its ETag; bytes empty when the tile has no feature. */
  async tile(layer: AnyTileLayer, tile: Tile, params: unknown, scope: DataScope | null): Promise<CachedTile> {
    const who = scope ? `${scope.prefix}/${scope.department ?? ''}/${scope.petitions ? 'p' : ''}` : 'public';
    const key = `${layer.name}/${tile.z}/${tile.x}/${tile.y}?${JSON.stringify(params)}|${who}`;
    const generation = await this.versions.generation(layer.reads);
    const cached = generation === null ? undefined : this.cache.get(`${key}|${generation}`);
    if (cached) return cached;
    const request = { tile, params, scope };
    const bytes = scope
      ? await withScope(this.#db.pool, scope, (client) => this.encoder.encode(client, layer, request))
      : await this.encoder.encode(this.#db.pool, layer, request);
    const encoded = { bytes, etag: etagOf(bytes) };
    // Kept only if no change was committed meanwhile: the rows read may be older than that change.
    if (generation !== null && (await this.versions.generation(layer.reads)) === generation) this.cache.set(`${key}|${generation}`, encoded);
    return encoded;
  }

  close(): Promise<void> {
    return this.versions.close();
  }
}
