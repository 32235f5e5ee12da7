/** The shapes the Pukou generators hand to the loaders. Geometry is GeoJSON in WGS84 (EPSG:4326). */
import type { MultiPolygon } from 'geojson';

export type DivisionLevel = 'district' | 'street' | 'community';

export interface DivisionSeed {
  code: string;
  name: string;
  level: DivisionLevel;
  /** district: 'district'; street: 'street' | 'special_zone'; community: 'community' | 'village' */
  kind: string;
  parentCode: string | null;
  geometry: MultiPolygon;
}

export interface GridSeed {
  /** 15 digits: 6 district + 3 street + 3 community + 3 sequence. */
  code: string;
  name: string;
  communityCode: string;
  streetCode: string;
  kind: 'urban' | 'rural';
  households: number;
  population: number;
  geometry: MultiPolygon;
}

export interface PukouNetwork {
  divisions: DivisionSeed[];
  grids: GridSeed[];
}

export type SeedScale = 'demo' | 'full';

export interface SeedProgress {
  /** What is being loaded, e.g. 'grids' or 'entities'. */
  stage: string;
  done: number;
  total: number;
}
