/**
 * Where cases happen: a grid drawn by population (urban grids weigh more: more streets, more
 * shops), a uniform point inside it; and, for planted hotspots, the grid holding a given point.
 */
import type { Random } from '../../random.ts';
import { bboxOf, pointInMultiPolygon, type BBox, type MultiPolygon } from '../network/planar.ts';
import type { PukouNetwork } from '../types.ts';

export interface Place {
  code: string;
  name: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  weight: number;
  shape: MultiPolygon;
  bbox: BBox;
}

export interface Point {
  place: Place;
  lon: number;
  lat: number;
}

const METRES_PER_DEGREE = 111_320;

export class Places {
  readonly all: Place[];
  private readonly cumulative: number[];

  constructor(network: PukouNetwork) {
    const names = new Map(network.divisions.map((d) => [d.code, d.name]));
    this.all = network.grids.map((g) => {
      const shape = g.geometry.coordinates as MultiPolygon;
      return {
        code: g.code,
        name: g.name,
        communityCode: g.communityCode,
        communityName: names.get(g.communityCode) ?? g.communityCode,
        streetCode: g.streetCode,
        streetName: names.get(g.streetCode) ?? g.streetCode,
        weight: Math.max(1, g.population) * (g.kind === 'urban' ? 1.3 : 0.7),
        shape,
        bbox: bboxOf(shape),
      };
    });
    let sum = 0;
    this.cumulative = this.all.map((p) => (sum += p.weight));
  }

  /** A grid by weight, then a uniform point in it (rejection in its bounding box). */
  sample(random: Random): Point {
    const u = random.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    const place = this.all[lo];
    const [x0, y0, x1, y1] = place.bbox;
    for (;;) {
      const lon = round(random.range(x0, x1));
      const lat = round(random.range(y0, y1));
      if (pointInMultiPolygon(lon, lat, place.shape)) return { place, lon, lat };
    }
  }

  /** A uniform point within `radiusM` of a centre that falls inside a grid. */
  sampleNear(center: [number, number], radiusM: number, random: Random): Point {
    for (let tries = 0; tries < 1000; tries++) {
      const r = radiusM * Math.sqrt(random.next());
      const angle = random.range(0, 2 * Math.PI);
      const lat = round(center[1] + (r * Math.sin(angle)) / METRES_PER_DEGREE);
      const lon = round(center[0] + (r * Math.cos(angle)) / (METRES_PER_DEGREE * Math.cos((center[1] * Math.PI) / 180)));
      const place = this.locate(lon, lat);
      if (place) return { place, lon, lat };
    }
    throw new Error(`no grid within ${radiusM} m of ${center.join(', ')}`);
  }

  locate(lon: number, lat: number): Place | null {
    for (const place of this.all) {
      const [x0, y0, x1, y1] = place.bbox;
      if (lon >= x0 && lon <= x1 && lat >= y0 && lat <= y1 && pointInMultiPolygon(lon, lat, place.shape)) return place;
    }
    return null;
  }
}

/** Six decimals (~0.1 m), as a phone's GPS gives; the grid test runs on the rounded point. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;
