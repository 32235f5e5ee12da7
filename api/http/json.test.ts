/** The JSON body reader: strict UTF-8, bounded nesting, 400s that say what is wrong. */
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan, parseJson, readJson } from './json.ts';
import { HttpProblem } from './problem.ts';

const problemOf = async (run: () => unknown): Promise<HttpProblem> => {
  try {
    await run();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('no problem was thrown');
};
const request = (body: Uint8Array | string) => new Request('http://test/', { method: 'POST', body: body as BodyInit });
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('nestedDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestedDeeperThan('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(nestedDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(nestedDeeperThan(`{"a":"${'['.repeat(100)}"}`, 1)).toBe(false);
    expect(nestedDeeperThan(`{"a":"\\"${'['.repeat(100)}"}`, 1)).toBe(false);
  });
});

describe('readJson', () => {
  it('gives the text and the value', async () => {
    expect(await readJson(request('{"a":"中文"}'))).toEqual({ text: '{"a":"中文"}', value: { a: '中文' } });
  });

  it('refuses bytes that are not UTF-8 instead of replacing them', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const problem = await problemOf(() => readJson(request(bytes)));
    expect(problem.status).toBe(400);
    expect(problem.detail).toBe('the request body is not valid UTF-8');
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more before parsing`, async () => {
    expect(parseJson(nested(MAX_JSON_DEPTH))).toBeTruthy();
    const problem = await problemOf(() => parseJson(nested(MAX_JSON_DEPTH + 1)));
    expect(problem.status).toBe(400);
    expect(problem.detail).toMatch(/deeper than 32 levels/);
    // A million levels would stall recursive code downstream; here it is one scan.
    const started = performance.now();
    await problemOf(() => parseJson(nested(1_000_000)));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('answers 400 for an empty body and for text that is not JSON', async () => {
    expect((await problemOf(() => parseJson('  '))).detail).toMatch(/empty/);
    expect((await problemOf(() => parseJson('{"a":'))).detail).toMatch(/^the request body is not valid JSON/);
  });
});
