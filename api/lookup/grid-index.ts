/**
 * In-memory point → grid index over the current grids (456 polygons): a Flatbush R-tree of
 * bounding boxes plus an exact point-in-polygon test. PostGIS stays the source of truth; the
 * index is rebuilt when the grid table changes (checked at most every `recheckMs`), so a
 * lookup costs microseconds instead of a database round trip.
 */
import Flatbush from 'flatbush';
import pointInPolygon from 'point-in-polygon-hao';
import type pg from 'pg';
import type { MultiPolygon } from 'geojson';

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
  /** The result pre-serialized, so batch answers are string joins. */
  json: string;
  polygons: number[][][][];
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
  private tree: Flatbush | null = null;
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
    if (!this.tree) return this.refresh();
    if (Date.now() - this.checkedAt > this.recheckMs) void this.refresh().catch(() => {});
  }

  /** The grid containing (lon, lat), or null. A point on a shared edge goes to the lowest grid code. */
  locate(lon: number, lat: number): LookupResult | null {
    return this.find(lon, lat)?.result ?? null;
  }

  /** As `locate`, serialized as JSON (`null` outside). */
  locateJson(lon: number, lat: number): string {
    return this.find(lon, lat)?.json ?? 'null';
  }

  get size(): number {
    return this.grids.length;
  }

  private find(lon: number, lat: number): IndexedGrid | null {
    if (!this.tree) return null;
    const candidates = this.tree.search(lon, lat, lon, lat);
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    for (const i of candidates) {
      const grid = this.grids[i];
      if (!grid) continue; // the placeholder of an empty index
      for (const polygon of grid.polygons) {
        if (pointInPolygon([lon, lat], polygon) !== false) return grid;
      }
    }
    return null;
  }

  private async reloadIfChanged(): Promise<void> {
    const { rows: fp } = await this.pool.query<{ fp: string }>(FINGERPRINT_SQL);
    this.checkedAt = Date.now();
    if (this.tree && fp[0].fp === this.fingerprint) return;
    const { rows } = await this.pool.query<GridRow>(GRIDS_SQL);
    const grids = rows.map(toIndexedGrid);
    const tree = new Flatbush(Math.max(grids.length, 1));
    for (const grid of grids) tree.add(...bounds(grid.polygons));
    if (grids.length === 0) tree.add(0, 0, 0, 0); // Flatbush needs one item; it matches nothing real
    tree.finish();
    this.grids = grids;
    this.tree = tree;
    this.fingerprint = fp[0].fp;
  }
}

function toIndexedGrid(row: GridRow): IndexedGrid {
  const result: LookupResult = {
    district: { code: row.district_code, name: row.district_name },
    street: { code: row.street_code, name: row.street_name },
    community: { code: row.community_code, name: row.community_name },
    grid: { code: row.code, name: row.name },
  };
  return { result, json: JSON.stringify(result), polygons: row.geometry.coordinates };
}

function bounds(polygons: number[][][][]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0]) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}
