import pointInPolygon from 'point-in-polygon-hao';
import { describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { PointLocator } from './point-locator.ts';

/** A 3×3 tiling of unit squares, the middle one with a square hole, plus a triangle off to the side. */
function shapes(): number[][][][][] {
  const squares: number[][][][][] = [];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      const ring = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1], [c, r]];
      const hole = [[1.4, 1.4], [1.4, 1.6], [1.6, 1.6], [1.6, 1.4], [1.4, 1.4]];
      squares.push([r === 1 && c === 1 ? [ring, hole] : [ring]]);
    }
  }
  squares.push([[[[4, 0], [5, 0], [4.5, 2.9], [4, 0]]]]);
  return squares;
}

function bruteForce(items: number[][][][][], x: number, y: number): number {
  return items.findIndex((parts) => parts.some((polygon) => pointInPolygon([x, y], polygon) !== false));
}

describe('PointLocator', () => {
  const items = shapes();

  it('agrees with a brute-force point-in-polygon test at several raster sizes', () => {
    const random = new Random(3);
    for (const size of [1, 7, 64]) {
      const locator = new PointLocator(items, size, size);
      for (let i = 0; i < 5000; i++) {
        const x = random.range(-0.5, 5.5);
        const y = random.range(-0.5, 3.5);
        expect(locator.locate(x, y)).toBe(bruteForce(items, x, y));
      }
    }
  });

  it('finds nothing in a hole or outside, and gives shared edges to the first polygon', () => {
    const locator = new PointLocator(items, 16, 16);
    expect(locator.locate(1.5, 1.5)).toBe(-1);
    expect(locator.locate(3.5, 1)).toBe(-1);
    expect(locator.locate(-1, -1)).toBe(-1);
    expect(locator.locate(1, 0.5)).toBe(0); // edge between squares 0 and 1
    expect(locator.locate(1, 1)).toBe(0); // corner of squares 0, 1, 3, 4
    expect(locator.locate(5, 0)).toBe(9); // the extent's far corner
    expect(locator.locate(3, 3)).toBe(8); // the top-right corner of the tiling
  });

  it('handles an empty set', () => {
    expect(new PointLocator([]).locate(0, 0)).toBe(-1);
  });
});
