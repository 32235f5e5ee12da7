import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bboxOf, interiorPoint } from './geometry.ts';

function inside([x, y]: [number, number], ring: number[][]): boolean {
  let result = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) result = !result;
  }
  return result;
}

describe('interiorPoint', () => {
  it('lands inside a concave shape whose centroid is outside', () => {
    // A "U": the centroid falls in the notch.
    const u: Polygon = {
      type: 'Polygon',
      coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
    };
    const { position, spanDegrees } = interiorPoint(u);
    expect(inside(position, u.coordinates[0])).toBe(true);
    expect(spanDegrees).toBeGreaterThan(0);
  });

  it('avoids holes and picks the largest part of a multipolygon', () => {
    const shape: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [[[10, 10], [10.1, 10], [10.1, 10.1], [10, 10.1], [10, 10]]],
        [
          [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
          [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]],
        ],
      ],
    };
    const { position } = interiorPoint(shape);
    expect(inside(position, shape.coordinates[1][0])).toBe(true);
    expect(inside(position, shape.coordinates[1][1])).toBe(false);
  });
});

describe('bboxOf', () => {
  it('spans every part', () => {
    const shape: MultiPolygon = {
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [1, 0], [1, 1], [0, 0]]],
        [[[5, -2], [6, 3], [5, 3], [5, -2]]],
      ],
    };
    expect(bboxOf(shape)).toEqual([0, -2, 6, 3]);
  });
});
