/**
 * A coverage: polygon pieces that tile a region, each owned by one unit (a street, community
 * or grid). Pieces come from separate floating-point clip operations, so neighbours disagree
 * in the last bits; the coverage snaps near-equal vertices together and inserts each vertex
 * lying on a neighbour's edge into that edge, after which neighbours share every edge exactly.
 */
import Flatbush from 'flatbush';
import { dissolve, edgeKey, ringArea, type IdPolygon } from './dissolve.ts';
import type { MultiPolygon, Polygon, XY } from './planar.ts';

export interface Face {
  owner: number;
  /** Vertex ids: outer ring counter-clockwise, then holes clockwise. */
  rings: number[][];
}

export class Coverage {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  faces: Face[] = [];
  private readonly buckets = new Map<string, number[]>();

  /** @param tolerance km; vertices closer than this are one vertex (far below any real feature). */
  constructor(private readonly tolerance = 1e-8) {}

  addPolygon(owner: number, polygon: Polygon): void {
    const rings: number[][] = [];
    for (const [index, ring] of polygon.entries()) {
      const ids = cleanRing(ring.map(([x, y]) => this.vertex(x, y)));
      if (ids.length < 3) continue;
      const area = ringArea(this, ids);
      if (area === 0) continue;
      // Outer rings counter-clockwise, holes clockwise, whatever the clipper returned.
      if ((index === 0) !== area > 0) ids.reverse();
      if (index === 0 || rings.length > 0) rings.push(ids);
    }
    if (rings.length > 0) this.faces.push({ owner, rings });
  }

  /** Puts each vertex that lies on another ring's edge (a T-junction) into that edge. */
  node(): void {
    const count = this.xs.length;
    const index = new Flatbush(Math.max(count, 1));
    for (let id = 0; id < count; id++) index.add(this.xs[id], this.ys[id], this.xs[id], this.ys[id]);
    if (count === 0) index.add(0, 0, 0, 0);
    index.finish();
    for (const face of this.faces) {
      const [outer, ...holes] = face.rings.map((ring) => cleanRing(this.nodeRing(ring, index)));
      face.rings = [outer, ...holes.filter((hole) => hole.length >= 3)];
    }
    this.faces = this.faces.filter((face) => face.rings[0].length >= 3);
  }

  private nodeRing(ring: number[], index: Flatbush): number[] {
    const { xs, ys, tolerance: t } = this;
    const own = new Set(ring);
    const noded: number[] = [];
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i];
      const b = ring[(i + 1) % ring.length];
      noded.push(a);
      const [ax, ay, dx, dy] = [xs[a], ys[a], xs[b] - xs[a], ys[b] - ys[a]];
      const length2 = dx * dx + dy * dy;
      const hits: { id: number; at: number }[] = [];
      const candidates = index.search(
        Math.min(xs[a], xs[b]) - t,
        Math.min(ys[a], ys[b]) - t,
        Math.max(xs[a], xs[b]) + t,
        Math.max(ys[a], ys[b]) + t,
      );
      for (const id of candidates) {
        if (own.has(id)) continue;
        const at = ((xs[id] - ax) * dx + (ys[id] - ay) * dy) / length2;
        if (at <= 0 || at >= 1) continue;
        const offset = Math.abs((xs[id] - ax) * dy - (ys[id] - ay) * dx) / Math.sqrt(length2);
        if (offset <= t) hits.push({ id, at });
      }
      hits.sort((p, q) => p.at - q.at || p.id - q.id);
      for (const hit of hits) noded.push(hit.id);
    }
    return noded;
  }

  /**
   * Gives each detached part of an owner (a piece cut off by a concave parent boundary) to
   * the neighbour of the same group that shares the longest edge with it.
   */
  absorbDetached(groupOf: (owner: number) => number): void {
    for (let pass = 0; pass < 6; pass++) {
      const faceOfEdge = new Map<number, number>();
      this.faces.forEach((face, f) => forEachEdge(face, (a, b) => faceOfEdge.set(edgeKey(a, b), f)));
      let moved = false;
      for (const [owner, components] of this.componentsByOwner(faceOfEdge)) {
        for (const component of components.slice(1)) {
          const shared = new Map<number, number>();
          for (const f of component) {
            forEachEdge(this.faces[f], (a, b) => {
              const across = faceOfEdge.get(edgeKey(b, a));
              if (across === undefined) return;
              const other = this.faces[across].owner;
              if (other === owner || groupOf(other) !== groupOf(owner)) return;
              const length = Math.hypot(this.xs[b] - this.xs[a], this.ys[b] - this.ys[a]);
              shared.set(other, (shared.get(other) ?? 0) + length);
            });
          }
          const best = [...shared].sort((p, q) => q[1] - p[1] || p[0] - q[0])[0];
          if (!best) continue;
          for (const f of component) this.faces[f].owner = best[0];
          moved = true;
        }
      }
      if (!moved) return;
    }
  }

  /** Edge-connected components of each owner's faces, largest area first. */
  private componentsByOwner(faceOfEdge: Map<number, number>): Map<number, number[][]> {
    const root = this.faces.map((_, f) => f);
    const find = (f: number): number => (root[f] === f ? f : (root[f] = find(root[f])));
    this.faces.forEach((face, f) =>
      forEachEdge(face, (a, b) => {
        const across = faceOfEdge.get(edgeKey(b, a));
        if (across !== undefined && this.faces[across].owner === face.owner) root[find(across)] = find(f);
      }),
    );
    const components = new Map<number, number[]>();
    this.faces.forEach((_, f) => {
      const r = find(f);
      const list = components.get(r);
      if (list) list.push(f);
      else components.set(r, [f]);
    });
    const byOwner = new Map<number, { faces: number[]; area: number }[]>();
    for (const faces of components.values()) {
      const owner = this.faces[faces[0]].owner;
      const area = faces.reduce((sum, f) => sum + ringArea(this, this.faces[f].rings[0]), 0);
      const list = byOwner.get(owner) ?? [];
      list.push({ faces, area });
      byOwner.set(owner, list);
    }
    return new Map(
      [...byOwner].map(([owner, list]) => [owner, list.sort((p, q) => q.area - p.area).map((c) => c.faces)]),
    );
  }

  /** The exact union of the faces of the given owners. */
  union(owners: Iterable<number>): IdPolygon[] {
    const wanted = new Set(owners);
    return dissolve(
      this,
      this.faces.filter((face) => wanted.has(face.owner)).map((face) => face.rings),
    );
  }

  toMultiPolygon(polygons: IdPolygon[]): MultiPolygon {
    return polygons.map((rings) => rings.map((ring) => ring.map((id) => [this.xs[id], this.ys[id]] as XY)));
  }

  private vertex(x: number, y: number): number {
    const t = this.tolerance;
    const ix = Math.floor(x / t);
    const iy = Math.floor(y / t);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const id of this.buckets.get(`${ix + dx},${iy + dy}`) ?? []) {
          if (Math.hypot(this.xs[id] - x, this.ys[id] - y) <= t) return id;
        }
      }
    }
    const id = this.xs.length;
    this.xs.push(x);
    this.ys.push(y);
    const key = `${ix},${iy}`;
    const bucket = this.buckets.get(key);
    if (bucket) bucket.push(id);
    else this.buckets.set(key, [id]);
    return id;
  }
}

function forEachEdge(face: Face, visit: (a: number, b: number) => void): void {
  for (const ring of face.rings) for (let i = 0; i < ring.length; i++) visit(ring[i], ring[(i + 1) % ring.length]);
}

/** Removes repeated vertices and zero-width spikes (a, b, a) that snapping can leave. */
function cleanRing(ring: number[]): number[] {
  const out: number[] = [];
  for (const v of ring) {
    if (out[out.length - 1] === v) continue;
    if (out.length >= 2 && out[out.length - 2] === v) {
      out.pop();
      continue;
    }
    out.push(v);
  }
  for (let changed = true; changed && out.length >= 3; ) {
    changed = true;
    if (out[0] === out[out.length - 1]) out.pop();
    else if (out[out.length - 2] === out[0]) out.pop();
    else if (out[out.length - 1] === out[1]) out.shift();
    else changed = false;
  }
  return out.length >= 3 ? out : [];
}
