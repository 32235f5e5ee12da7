import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { polygonSampler } from './sampler.ts';

describe('polygonSampler', () => {
  it('samples uniformly inside a square and knows its area', () => {
    const sampler = polygonSampler({ type: 'MultiPolygon', coordinates: [[[[118.6, 32], [118.61, 32], [118.61, 32.01], [118.6, 32.01], [118.6, 32]]]] });
    // 0.01° × 0.01° at 32°N ≈ 1.113 km × 0.944 km
    expect(sampler.areaKm2).toBeCloseTo(1.051, 2);
    const rng = new Random(7);
    let west = 0;
    for (let i = 0; i < 20_000; i++) {
      const [x, y] = sampler.sample(rng);
      expect(x > 118.6 && x < 118.61 && y > 32 && y < 32.01).toBe(true);
      if (x < 118.605) west++;
    }
    expect(west / 20_000).toBeCloseTo(0.5, 1);
  });

  it('never samples in a hole or outside a triangle, and subtracts holes from the area', () => {
    const outer = [[0, 0], [4, 0], [0, 4], [0, 0]];
    const hole = [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]];
    const sampler = polygonSampler({ type: 'MultiPolygon', coordinates: [[outer, hole]] });
    const rng = new Random(8);
    for (let i = 0; i < 20_000; i++) {
      const [x, y] = sampler.sample(rng);
      expect(x + y < 4).toBe(true);
      expect(x > 0.5 && x < 1.5 && y > 0.5 && y < 1.5).toBe(false);
      expect(sampler.contains(x, y)).toBe(true);
    }
    expect(sampler.contains(1, 1)).toBe(false);
    expect(sampler.areaKm2 / (111.32 * 111.32 * Math.cos((2 * Math.PI) / 180))).toBeCloseTo(8 - 1, 6);
  });

  it('samples both parts of a multipolygon in proportion to their areas', () => {
    const sampler = polygonSampler({
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
        [[[3, 0], [5, 0], [5, 1], [3, 1], [3, 0]]],
      ],
    });
    const rng = new Random(9);
    let first = 0;
    for (let i = 0; i < 30_000; i++) if (sampler.sample(rng)[0] < 1) first++;
    expect(first / 30_000).toBeCloseTo(1 / 3, 1);
  });
});
