import { describe, expect, it } from 'vitest';
import { incidentCategories } from '../../../../seeds/pukou/incidents/categories.ts';
import { CATEGORY_GROUPS } from './categories.ts';

describe('the citizen page’s plain-word categories', () => {
  it('each name a GB/T 47678.5 matter of the directory, once', () => {
    const known = new Set(incidentCategories().map((c) => c.code));
    const codes = CATEGORY_GROUPS.flatMap((g) => g.items.map((i) => i.code));
    expect(codes.filter((code) => !known.has(code))).toEqual([]);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
