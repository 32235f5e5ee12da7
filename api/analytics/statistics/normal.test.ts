import { describe, expect, it } from 'vitest';
import { normalCdf, twoSidedP } from './normal.ts';

// Reference values: R's pnorm (Cody's algorithm, double precision) and published tables.
describe('normalCdf', () => {
  it('matches known values of Φ to 1e-12 relative', () => {
    const known: [number, number][] = [
      [0, 0.5],
      [1.96, 0.9750021048517795],
      [-3, 0.0013498980316301],
      [1, 0.8413447460685429],
      [-0.5, 0.3085375387259869],
      [-8, 6.22096057427178e-16],
      [-20, 2.753624118606233e-89],
    ];
    for (const [z, phi] of known) expect(Math.abs(normalCdf(z) - phi) / phi, `Φ(${z})`).toBeLessThan(1e-12);
  });

  it('is symmetric and increasing', () => {
    let previous = 0;
    for (let z = -10; z <= 10; z += 0.01) {
      const phi = normalCdf(z);
      expect(phi).toBeGreaterThanOrEqual(previous);
      expect(phi + normalCdf(-z)).toBeCloseTo(1, 14);
      previous = phi;
    }
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });
});

describe('twoSidedP', () => {
  it('is 2 · (1 − Φ(|z|))', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(-2.5758293035489)).toBeCloseTo(0.01, 13);
    expect(twoSidedP(1.6448536269514722)).toBeCloseTo(0.1, 14);
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(-3)).toBeCloseTo(2 * 0.0013498980316301, 16);
  });
});
