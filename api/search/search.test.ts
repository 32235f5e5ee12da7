import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';

const t = testApp();
afterAll(() => t.db.close());

describe('GET /api/v1/search', () => {
  it('finds a street by name, streets first', async () => {
    const { status, body } = await t.getJson(`/api/v1/search?q=${encodeURIComponent('泰山')}`);
    expect(status).toBe(200);
    expect(body.items[0]).toMatchObject({ type: 'street', code: '320111001', name: '泰山街道', parentName: '浦口区' });
    expect(body.items[0].bbox).toHaveLength(4);
  });

  it('finds grids by code prefix, within the limit', async () => {
    const { rows } = await t.db.pool.query(`SELECT code, name FROM grid WHERE valid_to IS NULL ORDER BY code LIMIT 1`);
    const { body } = await t.getJson(`/api/v1/search?q=${rows[0].code}`);
    expect(body.items).toEqual([expect.objectContaining({ type: 'grid', code: rows[0].code, name: rows[0].name })]);
    const prefix = await t.getJson(`/api/v1/search?q=320111001&limit=5`);
    expect(prefix.body.items).toHaveLength(5);
    expect(prefix.body.items.every((i: any) => i.code.startsWith('320111001'))).toBe(true);
  });

  it('treats % and _ literally', async () => {
    const { body } = await t.getJson(`/api/v1/search?q=${encodeURIComponent('%')}`);
    expect(body.items).toEqual([]);
  });

  it.each([
    ['', 'q: q is required'],
    ['q=', 'q must not be empty'],
    ['q=a&limit=0', 'limit'],
  ])('rejects ?%s with 400', async (query, message) => {
    const { status, body } = await t.getJson(`/api/v1/search?${query}`);
    expect(status).toBe(400);
    expect(body.detail).toContain(message);
  });
});
