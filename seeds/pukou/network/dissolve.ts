/**
 * Union of faces that share vertices exactly: shared edges cancel and the rest is traced into
 * rings. No coordinate is computed, so a parent's boundary is made of its children's edges
 * and nesting is exact by construction.
 */
import { pointInRing, signedArea } from './planar.ts';

/** Vertex ids below 2^21; a directed edge a→b is one safe integer. */
const EDGE_KEY_BASE = 2 ** 21;
export const edgeKey = (a: number, b: number): number => a * EDGE_KEY_BASE + b;

/** Rings of vertex ids, outer ring (counter-clockwise) first, then holes (clockwise). */
export type IdPolygon = number[][];

export interface VertexTable {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

export function ringArea(vertices: VertexTable, ring: readonly number[]): number {
  return signedArea(ring.map((id) => [vertices.xs[id], vertices.ys[id]]));
}

/** Dissolves the given rings (each face: outer ring then holes) into polygons. */
export function dissolve(vertices: VertexTable, faces: readonly (readonly number[][])[]): IdPolygon[] {
  const boundary = new Map<number, [number, number]>();
  for (const rings of faces) {
    for (const ring of rings) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i];
        const b = ring[(i + 1) % ring.length];
        const reverse = edgeKey(b, a);
        if (boundary.has(reverse)) boundary.delete(reverse);
        else boundary.set(edgeKey(a, b), [a, b]);
      }
    }
  }
  const rings = traceRings(vertices, boundary).flatMap(splitAtRepeatedVertices);
  return assembleFaces(vertices, rings);
}

/**
 * Follows boundary edges into closed rings. Where several boundary edges leave a vertex, the
 * one turning most sharply left is taken, so touching rings are traced apart.
 */
function traceRings(vertices: VertexTable, boundary: Map<number, [number, number]>): number[][] {
  const { xs, ys } = vertices;
  const outgoing = new Map<number, number[]>();
  for (const [a, b] of boundary.values()) {
    const list = outgoing.get(a);
    if (list) list.push(b);
    else outgoing.set(a, [b]);
  }
  const next = (a: number, b: number): number => {
    const candidates = outgoing.get(b) ?? [];
    if (candidates.length === 1) return candidates[0];
    const back = Math.atan2(ys[a] - ys[b], xs[a] - xs[b]);
    let best = -1;
    let bestTurn = Infinity;
    for (const c of candidates) {
      let turn = back - Math.atan2(ys[c] - ys[b], xs[c] - xs[b]);
      while (turn <= 0) turn += 2 * Math.PI;
      while (turn > 2 * Math.PI) turn -= 2 * Math.PI;
      if (turn < bestTurn) {
        bestTurn = turn;
        best = c;
      }
    }
    if (best < 0) throw new Error(`open boundary at vertex ${b}`);
    return best;
  };

  const used = new Set<number>();
  const rings: number[][] = [];
  for (const [key, [a0, b0]] of boundary) {
    if (used.has(key)) continue;
    const ring: number[] = [];
    let [a, b] = [a0, b0];
    while (!used.has(edgeKey(a, b))) {
      used.add(edgeKey(a, b));
      ring.push(a);
      const c = next(a, b);
      [a, b] = [b, c];
    }
    rings.push(ring);
  }
  return rings;
}

/** A ring passing twice through a vertex is cut there into two rings (OGC rings may not self-touch). */
function splitAtRepeatedVertices(ring: number[]): number[][] {
  const loops: number[][] = [];
  const stack: number[] = [];
  const position = new Map<number, number>();
  for (const v of ring) {
    const at = position.get(v);
    if (at === undefined) {
      position.set(v, stack.length);
      stack.push(v);
      continue;
    }
    const loop = stack.splice(at + 1);
    for (const u of loop) position.delete(u);
    loops.push([v, ...loop]);
  }
  loops.push(stack);
  return loops.filter((loop) => loop.length >= 3);
}

/** Counter-clockwise rings are shells; each clockwise ring is a hole of the smallest shell around it. */
function assembleFaces(vertices: VertexTable, rings: number[][]): IdPolygon[] {
  const { xs, ys } = vertices;
  const shells: { ring: number[]; area: number; holes: number[][] }[] = [];
  const holes: number[][] = [];
  for (const ring of rings) {
    const area = ringArea(vertices, ring);
    if (area > 0) shells.push({ ring, area, holes: [] });
    else if (area < 0) holes.push(ring);
  }
  for (const hole of holes) {
    // The midpoint of a hole edge is inside its shell and on no other boundary edge.
    const x = (xs[hole[0]] + xs[hole[1]]) / 2;
    const y = (ys[hole[0]] + ys[hole[1]]) / 2;
    const around = shells
      .filter((shell) => pointInRing(x, y, shell.ring.map((id) => [xs[id], ys[id]])))
      .sort((p, q) => p.area - q.area)[0];
    if (!around) throw new Error('hole outside every shell');
    around.holes.push(hole);
  }
  return shells.sort((p, q) => q.area - p.area).map((shell) => [shell.ring, ...shell.holes]);
}
