import { describe, expect, it } from 'vitest';
import { quantileBreaks } from './classify.ts';

describe('quantileBreaks', () => {
  it('splits a narrow range into classes of similar size, on round numbers', () => {
    const values = Array.from({ length: 300 }, (_, i) => 260 + i);
    expect(quantileBreaks(values, 6)).toEqual([310, 360, 410, 460, 510]);
  });

  it('drops duplicate breaks when many values tie', () => {
    expect(quantileBreaks([5, 5, 5, 5, 5, 5, 9], 4)).toEqual([]);
    expect(quantileBreaks([1, 1, 1, 1, 8, 9, 9, 9], 4)).toEqual([8, 9]);
  });

  it('needs at least two values', () => {
    expect(quantileBreaks([3], 5)).toEqual([]);
  });
});
