import { cellToBoundary, cellToLatLng, getPentagons, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { h3CellWords } from '../entities/h3.ts';
import { H3Cells } from './h3-cells.ts';

/** Points of `points` whose words differ from h3CellWords's. */
function differences(cells: H3Cells, points: [number, number][]): [number, number][] {
  const ours = new Uint32Array(8);
  const theirs = new Uint32Array(8);
  return points.filter(([lat, lng]) => {
    cells.cellWords(lat, lng, ours, 0);
    h3CellWords(lat, lng, theirs, 0);
    return ours.some((word, i) => word !== theirs[i]);
  });
}

describe('H3 cells without h3-js', () => {
  it('gives the cells h3-js gives, across the district and the world', () => {
    const random = new Random(7);
    const cells = new H3Cells();
    const district = Array.from({ length: 100_000 }, (): [number, number] => [random.range(31.9, 32.35), random.range(118.35, 118.95)]);
    expect(differences(cells, district)).toEqual([]);
    // h3-js answers near edges and while a case is learnt: a few in a hundred thousand.
    expect(cells.calls).toBeLessThan(200);
    const world = Array.from({ length: 100_000 }, (): [number, number] => [(Math.asin(2 * random.next() - 1) * 180) / Math.PI, random.range(-180, 180)]);
    expect(differences(cells, world)).toEqual([]);
  });

  it('gives them for points close together, which share remembered cells', () => {
    const random = new Random(9);
    const cells = new H3Cells();
    const points: [number, number][] = [];
    for (let n = 0; n < 50; n++) {
      const [lat, lng] = [random.range(31.9, 32.35), random.range(118.35, 118.95)];
      // About 300 m across: a handful of resolution-10 cells, each met hundreds of times.
      for (let p = 0; p < 2_000; p++) points.push([lat + (random.next() - 0.5) * 0.003, lng + (random.next() - 0.5) * 0.003]);
    }
    expect(differences(cells, points)).toEqual([]);
  });

  it('gives them on and near the edges of cells, of faces and at the pentagons', () => {
    const random = new Random(8);
    const points: [number, number][] = [];
    const near = ([lat, lng]: number[], scale: number): [number, number] => [lat + (random.next() - 0.5) * scale, lng + (random.next() - 0.5) * scale];
    for (let n = 0; n < 2_000; n++) {
      const centre: [number, number] = n % 2 ? [random.range(31.9, 32.35), random.range(118.35, 118.95)] : [random.range(-80, 80), random.range(-180, 180)];
      const boundary = cellToBoundary(latLngToCell(centre[0], centre[1], 10));
      for (let v = 0; v < boundary.length; v++) {
        const [a, b] = [boundary[v], boundary[(v + 1) % boundary.length]];
        const t = random.next();
        const onEdge = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
        points.push([a[0], a[1]], near(onEdge, 0), near(onEdge, 1e-9), near(onEdge, 1e-7), near(onEdge, 1e-5));
      }
    }
    // The pentagons (the icosahedron's vertices), and the borders between faces near them.
    for (const pentagon of getPentagons(0)) {
      const vertex = cellToLatLng(pentagon);
      for (const scale of [1e-6, 1e-3, 0.1, 1, 10]) for (let n = 0; n < 200; n++) points.push(near(vertex, scale));
    }
    expect(differences(new H3Cells(), points)).toEqual([]);
  });
});
