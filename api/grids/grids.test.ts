import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';

const t = testApp();
afterAll(() => t.db.close());

describe('GET /api/v1/grids', () => {
  it('lists all 456 current grids as GeoJSON with their parents', async () => {
    const { status, type, body } = await t.getJson('/api/v1/grids');
    expect(status).toBe(200);
    expect(type).toContain('application/geo+json');
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(456);
    const f = body.features[0];
    expect(f.geometry.type).toBe('MultiPolygon');
    expect(f.properties.code).toMatch(/^320111\d{9}$/);
    expect(f.properties.communityCode).toBe(f.properties.code.slice(0, 12));
    expect(f.properties.streetCode).toBe(f.properties.code.slice(0, 9));
    expect(f.properties.streetName).toEqual(expect.any(String));
    expect(['urban', 'rural']).toContain(f.properties.kind);
  });

  it('filters by bbox, street and community, agreeing with PostGIS', async () => {
    const bbox = [118.6, 32.05, 118.7, 32.12];
    const { body } = await t.getJson(`/api/v1/grids?bbox=${bbox.join(',')}`);
    const { rows } = await t.db.pool.query(
      `SELECT code FROM grid WHERE valid_to IS NULL AND geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY code`,
      bbox,
    );
    expect(body.features.map((f: any) => f.properties.code)).toEqual(rows.map((r) => r.code));

    const street = body.features[0]?.properties.streetCode ?? '320111001';
    const byStreet = await t.getJson(`/api/v1/grids?street=${street}`);
    expect(byStreet.body.features.length).toBeGreaterThan(0);
    expect(byStreet.body.features.every((f: any) => f.properties.streetCode === street)).toBe(true);

    const community = byStreet.body.features[0].properties.communityCode;
    const byCommunity = await t.getJson(`/api/v1/grids?community=${community}`);
    expect(byCommunity.body.features.every((f: any) => f.properties.communityCode === community)).toBe(true);
  });

  it('returns an empty collection for a bbox far away', async () => {
    const { body } = await t.getJson('/api/v1/grids?bbox=0,0,1,1');
    expect(body.features).toEqual([]);
  });

  it.each([
    ['bbox=1,2,3', 'bbox must be four numbers'],
    ['bbox=a,b,c,d', 'bbox must be four numbers'],
    ['bbox=118.7,32,118.6,32.1', 'minimum is greater than its maximum'],
    ['bbox=-200,0,0,1', 'outside -180..180'],
    ['street=12', 'a street code has 9 digits'],
    ['community=abc', 'a community code has 12 digits'],
  ])('rejects ?%s with 400', async (query, message) => {
    const { status, type, body } = await t.getJson(`/api/v1/grids?${query}`);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body.detail).toContain(message);
  });
});

describe('GET /api/v1/grids/{code}', () => {
  it('gives the grid with its parents, staff and statistics', async () => {
    const { rows } = await t.db.pool.query(`SELECT code, households, population FROM grid WHERE valid_to IS NULL ORDER BY code LIMIT 1`);
    const { status, body } = await t.getJson(`/api/v1/grids/${rows[0].code}`);
    expect(status).toBe(200);
    expect(body.code).toBe(rows[0].code);
    expect(body.households).toBe(rows[0].households);
    expect(body.population).toBe(rows[0].population);
    expect(body.district).toEqual({ code: '320111', name: '浦口区' });
    expect(body.street.code).toBe(rows[0].code.slice(0, 9));
    expect(body.community.code).toBe(rows[0].code.slice(0, 12));
    expect(body.staff.filter((s: any) => s.role === 'grid_leader')).toHaveLength(1);
    expect(body.geometry.type).toBe('MultiPolygon');

    const counts = await t.db.pool.query(
      `SELECT c.domain, count(*)::int AS n FROM entity e JOIN category c ON c.code = e.category_code
       WHERE e.grid_code = $1 GROUP BY c.domain`,
      [rows[0].code],
    );
    for (const { domain, n } of counts.rows) expect(body.stats.entities.byDomain[domain]).toBe(n);
    expect(body.stats.entities.total).toBe(counts.rows.reduce((sum, r) => sum + r.n, 0));
    expect(body.stats.entities.total).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown grid and 400 for a malformed code', async () => {
    const missing = await t.getJson('/api/v1/grids/320111999999999');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toContain('320111999999999');
    const bad = await t.getJson('/api/v1/grids/12ab');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('a grid code has 15 digits');
  });
});

describe('compression', () => {
  it('gzips the grid GeoJSON for clients that accept it', async () => {
    const response = await t.app.request('/api/v1/grids', { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    const text = await new Response(response.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(JSON.parse(text).features).toHaveLength(456);
  });
});
