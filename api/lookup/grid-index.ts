/**
 * In-memory point → grid index over the current grids (456 polygons, see PointLocator).
 * PostGIS stays the source of truth; the index is rebuilt when the grid table changes (checked
 * at most every `recheckMs`), so a lookup costs well under a microsecond instead of a
 * database round trip.
 */
import type pg from 'pg';
import type { MultiPolygon } from 'geojson';
import { PointLocator } from './point-locator.ts';

export interface NamedCode {
  code: string;
  name: string;
}

export interface LookupResult {
  district: NamedCode;
  street: NamedCode;
  community: NamedCode;
  grid: NamedCode;
}

interface IndexedGrid {
  result: LookupResult;
  /** The result pre-serialized as UTF-8, so a batch answer is a series of byte copies. */
  json: Buffer;
}

interface GridRow {
  code: string;
  name: string;
  community_code: string;
  community_name: string;
  street_code: string;
  street_name: string;
  district_code: string;
  district_name: string;
  geometry: MultiPolygon;
}

/** Changes whenever a grid is added, retired or redrawn. */
const FINGERPRINT_SQL = `SELECT count(*) || ':' || coalesce(max(id), 0) || ':' || coalesce(max(valid_from)::text, '')
                          || ':' || coalesce((SELECT max(valid_to)::text FROM grid), '') AS fp
                         FROM grid WHERE valid_to IS NULL`;

const GRIDS_SQL = `SELECT g.code, g.name, g.community_code, c.name AS community_name,
                          g.street_code, s.name AS street_name, d.code AS district_code, d.name AS district_name,
                          ST_AsGeoJSON(g.geom, 15)::json AS geometry
                   FROM grid g
                   JOIN division c ON c.code = g.community_code
                   JOIN division s ON s.code = g.street_code
                   JOIN division d ON d.code = s.parent_code
                   WHERE g.valid_to IS NULL ORDER BY g.code`;

export class GridIndex {
  private grids: IndexedGrid[] = [];
  private locator: PointLocator | null = null;
  private fingerprint = '';
  private checkedAt = 0;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly recheckMs = 5_000,
  ) {}

  /** Loads the grids if they changed since the last load (or were never loaded). */
  async refresh(): Promise<void> {
    this.refreshing ??= this.reloadIfChanged().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Ensures the index is loaded; rechecks for changes in the background when due. */
  async ready(): Promise<void> {
    if (!this.locator) return this.refresh();
    if (Date.now() - this.checkedAt > this.recheckMs) void this.refresh().catch(() => {});
  }

  /** The grid containing (lon, lat), or null. A point on a shared edge goes to the lowest grid code. */
  locate(lon: number, lat: number): LookupResult | null {
    return this.find(lon, lat)?.result ?? null;
  }

  /** As `locate`, pre-serialized as UTF-8 JSON, or null outside. */
  locateJson(lon: number, lat: number): Buffer | null {
    return this.find(lon, lat)?.json ?? null;
  }

  /**
   * The answer to a batch, `{"count":…,"found":…,"results":[…]}` (`null` outside), as UTF-8
   * bytes written once into one buffer (from `allocate`, given its size): the grids first, then
   * each grid's pre-serialized JSON.
   */
  locateManyJson(lonLat: Float64Array, allocate: (bytes: number) => Buffer = Buffer.allocUnsafe): Buffer {
    const count = lonLat.length / 2;
    // Grid numbers in a typed array: an array of 100,000 objects would go to V8's old generation.
    const which = new Int32Array(count);
    let found = 0;
    let bytes = Math.max(0, count - 1); // the commas
    for (let i = 0; i < count; i++) {
      const grid = this.locator ? this.locator.locate(lonLat[2 * i], lonLat[2 * i + 1]) : -1;
      which[i] = grid;
      if (grid >= 0) found++;
      bytes += grid >= 0 ? this.grids[grid].json.length : NULL_JSON.length;
    }
    const head = `{"count":${count},"found":${found},"results":[`;
    const out = allocate(head.length + bytes + 2);
    let at = out.write(head, 0, 'latin1');
    for (let i = 0; i < count; i++) {
      if (i > 0) out[at++] = COMMA;
      const json = which[i] >= 0 ? this.grids[which[i]].json : NULL_JSON;
      out.set(json, at);
      at += json.length;
    }
    out[at++] = CLOSE_BRACKET;
    out[at++] = CLOSE_BRACE;
    return out;
  }

  get size(): number {
    return this.grids.length;
  }

  private find(lon: number, lat: number): IndexedGrid | null {
    if (!this.locator) return null;
    const i = this.locator.locate(lon, lat);
    return i < 0 ? null : this.grids[i];
  }

  private async reloadIfChanged(): Promise<void> {
    const { rows: fp } = await this.pool.query<{ fp: string }>(FINGERPRINT_SQL);
    this.checkedAt = Date.now();
    if (this.locator && fp[0].fp === this.fingerprint) return;
    const { rows } = await this.pool.query<GridRow>(GRIDS_SQL);
    // Rows come in code order, so a point on a shared edge goes to the lowest code.
    this.locator = new PointLocator(rows.map((row) => row.geometry.coordinates));
    this.grids = rows.map(toIndexedGrid);
    this.fingerprint = fp[0].fp;
  }
}

const NULL_JSON = Buffer.from('null');
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

function toIndexedGrid(row: GridRow): IndexedGrid {
  const result: LookupResult = {
    district: { code: row.district_code, name: row.district_name },
    street: { code: row.street_code, name: row.street_name },
    community: { code: row.community_code, name: row.community_name },
    grid: { code: row.code, name: row.name },
  };
  return { result, json: Buffer.from(JSON.stringify(result)) };
}
