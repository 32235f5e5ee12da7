import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';

const t = testApp();
afterAll(() => t.db.close());

describe('GET /api/v1/divisions', () => {
  it('lists the 9 streets and 6 special zones of Pukou', async () => {
    const { status, body } = await t.getJson('/api/v1/divisions?level=street&parent=320111');
    expect(status).toBe(200);
    expect(body.items).toHaveLength(15);
    expect(body.items.filter((d: any) => d.kind === 'street')).toHaveLength(9);
    expect(body.items.find((d: any) => d.code === '320111001')).toMatchObject({ name: '泰山街道', level: 'street', parentCode: '320111' });
    expect(body.items.every((d: any) => d.areaKm2 > 0)).toBe(true);
  });

  it('lists the communities of a street and all 125 communities', async () => {
    const street = await t.getJson('/api/v1/divisions?level=community&parent=320111005');
    expect(street.body.items).toHaveLength(20);
    expect(street.body.items.every((d: any) => d.parentCode === '320111005')).toBe(true);
    const all = await t.getJson('/api/v1/divisions?level=community');
    expect(all.body.items).toHaveLength(125);
  });

  it('gives GeoJSON with format=geojson', async () => {
    const { type, body } = await t.getJson('/api/v1/divisions?level=street&format=geojson');
    expect(type).toContain('application/geo+json');
    expect(body.features).toHaveLength(15);
    expect(body.features[0].geometry.type).toBe('MultiPolygon');
    expect(body.features[0].properties.code).toBe(body.features[0].id);
  });

  it.each([
    ['level=city', 'level'],
    ['parent=3201', 'a division code has 6, 9 or 12 digits'],
    ['format=kml', 'format'],
  ])('rejects ?%s with 400', async (query, message) => {
    const { status, type, body } = await t.getJson(`/api/v1/divisions?${query}`);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body.detail).toContain(message);
  });
});

describe('GET /api/v1/divisions/{code}', () => {
  it('gives the district with its geometry and its streets', async () => {
    const { status, body } = await t.getJson('/api/v1/divisions/320111');
    expect(status).toBe(200);
    expect(body).toMatchObject({ code: '320111', name: '浦口区', level: 'district', parentCode: null });
    expect(body.geometry.type).toBe('MultiPolygon');
    expect(body.children).toHaveLength(15);
    expect(body.bbox[0]).toBeLessThan(body.bbox[2]);
  });

  it('lists the grids of a community as its children', async () => {
    const { rows } = await t.db.pool.query(`SELECT community_code, count(*)::int AS n FROM grid WHERE valid_to IS NULL GROUP BY 1 ORDER BY 1 LIMIT 1`);
    const { body } = await t.getJson(`/api/v1/divisions/${rows[0].community_code}`);
    expect(body.level).toBe('community');
    expect(body.children).toHaveLength(rows[0].n);
  });

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    expect((await t.getJson('/api/v1/divisions/320111999')).status).toBe(404);
    const bad = await t.getJson('/api/v1/divisions/abc');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('6, 9 or 12 digits');
  });
});
