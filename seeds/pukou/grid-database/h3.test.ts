import { cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { Random } from '../../random.ts';
import { h3Cells } from './h3.ts';

describe('h3Cells', () => {
  it('gives r10 and its parents r7–r9 as decimal strings of the 64-bit index', () => {
    const rng = new Random(4);
    for (let i = 0; i < 2000; i++) {
      const lat = rng.range(31.9, 32.3), lng = rng.range(118.3, 118.8);
      const cells = h3Cells(lat, lng);
      const r10 = latLngToCell(lat, lng, 10);
      expect(cells[3]).toBe(BigInt('0x' + r10).toString());
      [7, 8, 9].forEach((res, k) => expect(cells[k]).toBe(BigInt('0x' + cellToParent(r10, res)).toString()));
    }
  });
});
