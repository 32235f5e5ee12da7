import { describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { decodeUtf8, parseJson } from '../http/json.ts';
import { MAX_BATCH_POINTS, parsePointsBody } from './points.ts';
import { readPointsBytes } from './points-bytes.ts';

const bytes = (text: string) => Buffer.from(text);
/** What the general path makes of a body: the points, or the message of its refusal. */
function general(text: string): Float64Array | string {
  try {
    return parsePointsBody(parseJson(decodeUtf8(bytes(text))));
  } catch (error) {
    return (error as Error).message;
  }
}

describe('readPointsBytes', () => {
  it('reads what JSON.parse reads, value for value, in any JSON layout', () => {
    const random = new Random(7);
    const points = Array.from({ length: 2000 }, () => [random.range(-180, 180), random.range(-90, 90)]);
    points.push([0, -0], [180, 90], [-180, -90], [118.6, 32], [1e-7, 12e-1], [1.5e2, -2.5E-3]);
    for (const text of [
      JSON.stringify({ points }),
      JSON.stringify({ points }, null, 2),
      ` \r\n\t{ "points" :[ [118.6 , 32.1],\n[ 1E2,-4.25e+1 ] ] }\n`,
      '{"points":[]}',
      '{ "points" : [ ] }',
    ]) {
      const fast = readPointsBytes(bytes(text));
      expect(fast).not.toBeNull();
      const expected = general(text) as Float64Array;
      expect(fast!.length).toBe(expected.length);
      // Object.is: -0 stays -0, as JSON.parse gives it.
      expect(Array.from(fast!).every((v, i) => Object.is(v, expected[i]))).toBe(true);
    }
  });

  it.each([
    ['another key', '{"points":[[1,2]],"x":1}'],
    ['another key first', '{"x":1,"points":[[1,2]]}'],
    ['a repeated key', '{"points":[[1,2]],"points":[[3,4]]}'],
    ['an escaped key', '{"p\\u006fints":[[1,2]]}'],
    ['a leading zero', '{"points":[[01,2]]}'],
    ['a plus sign', '{"points":[[+1,2]]}'],
    ['a bare fraction', '{"points":[[.5,2]]}'],
    ['a trailing dot', '{"points":[[1.,2]]}'],
    ['an empty exponent', '{"points":[[1e,2]]}'],
    ['a string', '{"points":[["1",2]]}'],
    ['NaN', '{"points":[[NaN,2]]}'],
    ['three numbers', '{"points":[[1,2,3]]}'],
    ['one number', '{"points":[[1]]}'],
    ['an empty point', '{"points":[[]]}'],
    ['a nested point', '{"points":[[[1,2]]]}'],
    ['a longitude out of range', '{"points":[[180.0001,2]]}'],
    ['a latitude out of range', '{"points":[[1,-90.5]]}'],
    ['an infinite value', '{"points":[[1e400,2]]}'],
    ['a trailing comma', '{"points":[[1,2],]}'],
    ['a missing comma', '{"points":[[1,2][3,4]]}'],
    ['text after the object', '{"points":[[1,2]]} x'],
    ['an unclosed object', '{"points":[[1,2]]'],
    ['a byte-order mark', '\ufeff{"points":[[1,2]]}'],
    ['non-ASCII whitespace', '{"points":[[1,\u00a02]]}'],
    ['an array body', '[[1,2]]'],
    ['an empty body', ''],
  ])('leaves %s to the general path', (_, text) => {
    expect(readPointsBytes(bytes(text))).toBeNull();
  });

  it('leaves a body cut short anywhere to the general path instead of failing on it', () => {
    const whole = '{"points":[[118.62,32.05],[118.7,32.1]]}';
    for (let end = 0; end < whole.length; end++) {
      expect(readPointsBytes(bytes(whole.slice(0, end)))).toBeNull();
      expect(typeof general(whole.slice(0, end))).toBe('string');
    }
    expect(readPointsBytes(bytes(whole))).toEqual(Float64Array.of(118.62, 32.05, 118.7, 32.1));
  });

  it('leaves a batch over the limit to the general path, which refuses it', () => {
    const text = JSON.stringify({ points: Array.from({ length: MAX_BATCH_POINTS + 1 }, () => [0, 0]) });
    expect(readPointsBytes(bytes(text))).toBeNull();
    expect(general(text)).toContain(`at most ${MAX_BATCH_POINTS}`);
    const atLimit = JSON.stringify({ points: Array.from({ length: MAX_BATCH_POINTS }, () => [0, 0]) });
    expect(readPointsBytes(bytes(atLimit))?.length).toBe(2 * MAX_BATCH_POINTS);
  });
});
