import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';

const t = testApp();
afterAll(() => t.db.close());

describe('GET /api/v1/health', () => {
  it('reports the database kind and the PostGIS version', async () => {
    const { status, body } = await t.getJson('/api/v1/health');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.database).toBe(t.db.kind);
    expect(body.postgis).toMatch(/^3\.\d+/);
  });

  it('answers unknown API routes with a problem+json 404', async () => {
    const { status, type, body } = await t.getJson('/api/v1/nothing-here');
    expect(status).toBe(404);
    expect(type).toContain('application/problem+json');
    expect(body.detail).toContain('/api/v1/nothing-here');
  });
});
