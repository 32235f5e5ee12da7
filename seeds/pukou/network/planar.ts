/**
 * Plane geometry in a local kilometre frame. The generator works in kilometres (so Voronoi
 * cells and k-means distances are isotropic) and converts to degrees only at the end.
 */

export type XY = [number, number];
/** An open ring (first vertex not repeated). */
export type Ring = XY[];
/** Outer ring first (counter-clockwise), then holes (clockwise). */
export type Polygon = Ring[];
export type MultiPolygon = Polygon[];
export type BBox = [minX: number, minY: number, maxX: number, maxY: number];

/**
 * Equirectangular projection around a reference point, with the WGS 84 lengths of a degree at
 * its latitude: within about 0.1 % across a district.
 */
export class LocalFrame {
  private readonly kmPerDegreeX: number;
  private readonly kmPerDegreeY: number;

  constructor(
    readonly lon0: number,
    readonly lat0: number,
  ) {
    const phi = (lat0 * Math.PI) / 180;
    this.kmPerDegreeX = (111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi) + 0.118 * Math.cos(5 * phi)) / 1000;
    this.kmPerDegreeY = (111132.954 - 559.822 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi)) / 1000;
  }

  toKm([lon, lat]: readonly number[]): XY {
    return [(lon - this.lon0) * this.kmPerDegreeX, (lat - this.lat0) * this.kmPerDegreeY];
  }

  toDegrees([x, y]: readonly number[]): XY {
    return [this.lon0 + x / this.kmPerDegreeX, this.lat0 + y / this.kmPerDegreeY];
  }
}

/** Shoelace area, positive for a counter-clockwise ring. */
export function signedArea(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return sum / 2;
}

/** Holes are clockwise, so their negative area is subtracted. */
export function multiPolygonArea(multi: MultiPolygon): number {
  return multi.reduce((sum, polygon) => sum + polygon.reduce((area, ring) => area + signedArea(ring), 0), 0);
}

/** Area-weighted centroid of the outer rings. */
export function centroid(multi: MultiPolygon): XY {
  let [sx, sy, sa] = [0, 0, 0];
  for (const polygon of multi) {
    const ring = polygon[0];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      sx += (ring[j][0] + ring[i][0]) * cross;
      sy += (ring[j][1] + ring[i][1]) * cross;
      sa += cross;
    }
  }
  return [sx / (3 * sa), sy / (3 * sa)];
}

/** Even-odd ray casting; points exactly on an edge may go either way. */
export function pointInRing(x: number, y: number, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i];
    const b = ring[j];
    if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}

export function pointInMultiPolygon(x: number, y: number, multi: MultiPolygon): boolean {
  let inside = false;
  for (const polygon of multi) for (const ring of polygon) if (pointInRing(x, y, ring)) inside = !inside;
  return inside;
}

export function bboxOf(multi: MultiPolygon): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of multi) {
    for (const [x, y] of polygon[0]) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

/** Drops a closing vertex equal to the first, as GeoJSON and polyclip rings carry one. */
export function openRing(ring: readonly (readonly number[])[]): Ring {
  const open = ring.map(([x, y]) => [x, y] as XY);
  const first = open[0];
  const last = open[open.length - 1];
  if (open.length > 1 && first[0] === last[0] && first[1] === last[1]) open.pop();
  return open;
}

export function distance(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
