/**
 * Placing a case reported by address only (Open311 allows it): the district centre alone sees
 * it and may place or void it; once placed it is an ordinary case of the grid its point lies in.
 */
import { cellToParent, latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN311_DEMO_API_KEY } from '../../seeds/pukou/accounts.ts';
import { postForm } from '../open311/test-support.ts';
import { testApp } from '../testing/app.ts';
import { gridPoint } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let here: Awaited<ReturnType<typeof gridPoint>>;
let id = 0;

beforeAll(async () => {
  here = await gridPoint(t.db.pool, 77);
  const posted = await postForm(t.app, '/open311/v2/requests.json', {
    api_key: OPEN311_DEMO_API_KEY, service_code: '06010', address_string: '浦口区江浦街道某路口', description: '路口垃圾堆放',
  });
  expect(posted.status).toBe(200);
  const { rows } = await t.db.pool.query('SELECT id FROM incident WHERE ticket = $1', [posted.body[0].service_request_id]);
  id = Number(rows[0].id);
});

const act = (as: string, body: Record<string, unknown>) =>
  t.as(as).request(`/api/v1/incidents/${id}/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('a case reported by address only', () => {
  it('allows the command centre to place or void it, and nothing else', async () => {
    const { body } = await t.getJson(`/api/v1/incidents/${id}`, 'commander');
    expect(body.allowedActions.map((a: { action: string }) => a.action)).toEqual(['void', 'place']);
    expect(body.allowedActions.find((a: { action: string }) => a.action === 'place').requires).toEqual(['lon', 'lat']);
    const verify = await act('commander', { action: 'verify' });
    expect(verify.status).toBe(409);
    expect((await verify.json()).detail).toMatch(/not placed yet.*allowed now: void, place/);
  });

  it('says what is missing or wrong before placing anything', async () => {
    const missing = await act('commander', { action: 'place', lon: here.lon });
    expect(missing.status).toBe(400);
    expect((await missing.json()).detail).toMatch(/lat/);
    const outside = await act('commander', { action: 'place', lon: 100, lat: 30 });
    expect(outside.status).toBe(422);
    const pointElsewhere = await act('commander', { action: 'void', note: 'x', lon: here.lon, lat: here.lat });
    expect(pointElsewhere.status).toBe(400);
    const { rows } = await t.db.pool.query('SELECT geom, grid_code, h3_r10, version FROM incident WHERE id = $1', [id]);
    expect(rows[0]).toMatchObject({ geom: null, grid_code: null, h3_r10: null, version: 1 });
  });

  it('becomes a case of the grid its point lies in once placed, with its cell, seen by that street', async () => {
    const street = `dispatcher-${here.streetCode}`;
    expect((await t.getJson(`/api/v1/incidents/${id}`, street)).status).toBe(404);
    const placed = await act('commander', { action: 'place', lon: here.lon, lat: here.lat });
    expect(placed.status).toBe(200);
    const detail = await placed.json();
    expect(detail).toMatchObject({ grid: { code: here.gridCode }, street: { code: here.streetCode }, status: 'reported', level: 'grid' });
    expect(detail.events.at(-1)).toMatchObject({ action: 'place', data: { lon: here.lon, lat: here.lat, grid: here.gridCode } });
    const { rows } = await t.db.pool.query('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, community_code, h3_r10::text AS h3 FROM incident WHERE id = $1', [id]);
    expect(rows[0]).toEqual({ lon: here.lon, lat: here.lat, community_code: here.communityCode, h3: BigInt('0x' + latLngToCell(here.lat, here.lon, 10)).toString() });
    const seen = await t.getJson(`/api/v1/incidents/${id}`, street);
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions.map((a: { action: string }) => a.action)).toContain('verify');
    const heat = await t.getJson(`/api/v1/analytics/heatmap?res=9&area=${here.gridCode}&from=2020-01-01`, 'commander');
    expect(heat.body.cells).toContainEqual({ cell: cellToParent(latLngToCell(here.lat, here.lon, 10), 9), count: expect.any(Number) });
    const again = await act('commander', { action: 'place', lon: here.lon, lat: here.lat });
    expect(again.status).toBe(409);
  });
});
