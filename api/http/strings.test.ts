/** Strings the database cannot store are found with their path, in parseWith and on their own. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpProblem } from './problem.ts';
import { findUnstorable, storable, unstorable } from './strings.ts';
import { parseWith } from './validate.ts';

describe('unstorable', () => {
  it('finds NUL and lone surrogates, and nothing in ordinary text', () => {
    expect(unstorable('a\u0000b')).toBe('contains a NUL character (U+0000)');
    expect(unstorable('a\ud800b')).toBe('contains a lone surrogate (not valid Unicode)');
    expect(unstorable('\udc00')).toMatch(/lone surrogate/);
    expect(unstorable('市民 😀 \u0001 \ufffd')).toBeNull();
  });
});

describe('storable', () => {
  it('shows NUL as ␀ and a lone surrogate as U+FFFD, leaving pairs alone', () => {
    expect(storable('a\u0000b\ud800c😀')).toBe('a\u2400b\ufffdc😀');
    expect(storable('市民')).toBe('市民');
  });
});

describe('findUnstorable', () => {
  it('names the path of the string, in arrays, objects and keys', () => {
    expect(findUnstorable({ a: [1, { b: 'x\u0000' }] })).toEqual({ path: ['a', 1, 'b'], message: 'contains a NUL character (U+0000)' });
    expect(findUnstorable({ a: { 'k\u0000': 1 } })).toEqual({ path: ['a', 'k\u0000'], message: 'its name contains a NUL character (U+0000)' });
    expect(findUnstorable('\ud800')?.path).toEqual([]);
    expect(findUnstorable({ when: new Date(), n: [1, 2, 3], s: 'ok' })).toBeNull();
  });

  it('walks deep values without recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorable(deep)?.path).toHaveLength(100_000);
  });
});

describe('parseWith', () => {
  const schema = z.object({ reporter: z.object({ name: z.string().trim() }) });

  it('answers 400 naming the field that holds NUL', () => {
    try {
      parseWith(schema, { reporter: { name: '张\u0000三' } }, 'body');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpProblem);
      const problem = error as HttpProblem;
      expect(problem.status).toBe(400);
      expect(problem.detail).toBe('invalid body: reporter.name: contains a NUL character (U+0000)');
      expect(problem.extensions.errors).toEqual([{ field: 'reporter.name', message: 'contains a NUL character (U+0000)' }]);
    }
  });

  it('passes what the database can store', () => {
    expect(parseWith(schema, { reporter: { name: ' 张三 ' } }, 'body')).toEqual({ reporter: { name: '张三' } });
  });
});
