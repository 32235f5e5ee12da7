/**
 * The icosahedron H3 projects onto, from its 12 vertices (the centres of H3's resolution-0
 * pentagons, as h3-js gives them): per face its centre and tangent axes, for h3-cells.ts.
 */
import { cellToLatLng, getPentagons } from 'h3-js';

const RADIANS = Math.PI / 180;

export interface Faces {
  /** Per face: centre, then two orthonormal tangents (x towards a vertex), 9 numbers. */
  faces: Float64Array;
  /** Per face: the 3 faces sharing an edge with it. A point nearer a face's centre than theirs is nearest that centre (the face is its Voronoi cell). */
  neighbours: Int32Array;
}

/** The unit vector of a point. */
export function unit(lat: number, lng: number): number[] {
  const phi = lat * RADIANS;
  const lambda = lng * RADIANS;
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const normalized = (a: number[]) => a.map((v) => v / Math.hypot(a[0], a[1], a[2]));

/**
 * The 20 faces (neighbouring vertices are 63.4° apart, the others 116.6° or 180°), checked to
 * have their vertices `vertexUnits` lattice units from the centre at `scale`; null if they do
 * not come out so.
 */
export function icosahedron(scale: number, vertexUnits: number): Faces | null {
  const vertices = getPentagons(0).map((cell) => unit(...cellToLatLng(cell)));
  const near = (a: number, b: number) => dot(vertices[a], vertices[b]) > 0.3;
  const faces: number[] = [];
  for (let a = 0; a < 12; a++) {
    for (let b = a + 1; b < 12; b++) {
      for (let c = b + 1; c < 12; c++) {
        if (!near(a, b) || !near(b, c) || !near(a, c)) continue;
        const [u, v, w] = [vertices[a], vertices[b], vertices[c]];
        const centre = normalized([u[0] + v[0] + w[0], u[1] + v[1] + w[1], u[2] + v[2] + w[2]]);
        const along = dot(u, centre);
        const x = normalized([u[0] - along * centre[0], u[1] - along * centre[1], u[2] - along * centre[2]]);
        const y = [centre[1] * x[2] - centre[2] * x[1], centre[2] * x[0] - centre[0] * x[2], centre[0] * x[1] - centre[1] * x[0]];
        if (Math.abs((Math.sqrt(1 - along * along) / along) * scale - vertexUnits) > 1e-6) return null;
        faces.push(...centre, ...x, ...y);
      }
    }
  }
  if (faces.length !== 20 * 9) return null;
  // Adjacent centres are 41.8° apart, the next nearest 70.5°.
  const neighbours: number[] = [];
  for (let f = 0; f < 20; f++) {
    const adjacent = [];
    for (let g = 0; g < 20; g++) if (g !== f && dot(faces.slice(f * 9), faces.slice(g * 9)) > 0.5) adjacent.push(g);
    if (adjacent.length !== 3) return null;
    neighbours.push(...adjacent);
  }
  return { faces: Float64Array.from(faces), neighbours: Int32Array.from(neighbours) };
}
