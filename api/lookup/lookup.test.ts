import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { testApp } from '../testing/app.ts';
import { readConfig } from '../config.ts';
import { startServer } from '../server.ts';
import { GridIndex } from './grid-index.ts';

const t = testApp();
let extent: { minx: number; miny: number; maxx: number; maxy: number };
let inside: { code: string; lon: number; lat: number };

beforeAll(async () => {
  const { rows } = await t.db.pool.query(
    `SELECT ST_XMin(e) AS minx, ST_YMin(e) AS miny, ST_XMax(e) AS maxx, ST_YMax(e) AS maxy
     FROM (SELECT ST_Extent(geom) AS e FROM grid WHERE valid_to IS NULL) x`,
  );
  extent = rows[0];
  const p = await t.db.pool.query(
    `SELECT code, ST_X(pt) AS lon, ST_Y(pt) AS lat
     FROM (SELECT code, ST_PointOnSurface(geom) AS pt FROM grid WHERE valid_to IS NULL ORDER BY code LIMIT 1 OFFSET 200) g`,
  );
  inside = p.rows[0];
});
afterAll(() => t.db.close());

/** What PostGIS says, for points given as [lon, lat]: the lowest grid code whose polygon intersects the point. */
async function lookupInSql(points: number[][]): Promise<(string | null)[]> {
  const { rows } = await t.db.pool.query<{ code: string | null }>(
    `SELECT (SELECT g.code FROM grid g WHERE g.valid_to IS NULL
              AND ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326)) ORDER BY g.code LIMIT 1) AS code
     FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i) ORDER BY p.i`,
    [points.map((p) => p[0]), points.map((p) => p[1])],
  );
  return rows.map((r) => r.code);
}

function randomPoints(n: number, seed: number): number[][] {
  const random = new Random(seed);
  // A margin around the district so that some points fall outside it.
  const dx = (extent.maxx - extent.minx) * 0.05;
  const dy = (extent.maxy - extent.miny) * 0.05;
  return Array.from({ length: n }, () => [
    random.range(extent.minx - dx, extent.maxx + dx),
    random.range(extent.miny - dy, extent.maxy + dy),
  ]);
}

describe('the in-memory grid index', () => {
  it('agrees with PostGIS on 3,000 random points in and around the district', async () => {
    const index = new GridIndex(t.db.pool);
    await index.refresh();
    expect(index.size).toBe(456);
    const points = randomPoints(3000, 7);
    const expected = await lookupInSql(points);
    const actual = points.map(([lon, lat]) => index.locate(lon, lat)?.grid.code ?? null);
    expect(actual).toEqual(expected);
    expect(expected.filter((c) => c === null).length).toBeGreaterThan(100); // some were outside
    expect(expected.filter((c) => c !== null).length).toBeGreaterThan(1000);
  });

  it('reloads when the grid table changes', async () => {
    const index = new GridIndex(t.db.pool, 0);
    await index.refresh();
    const before = index.locate(inside.lon, inside.lat)!.grid.name;
    const client = await t.db.pool.connect();
    try {
      await client.query(`UPDATE grid SET name = name || '（测试）', valid_from = valid_from + interval '1 second'
                          WHERE code = $1 AND valid_to IS NULL`, [inside.code]);
      await index.refresh();
      expect(index.locate(inside.lon, inside.lat)!.grid.name).toBe(`${before}（测试）`);
    } finally {
      await client.query(`UPDATE grid SET name = $2, valid_from = valid_from - interval '1 second'
                          WHERE code = $1 AND valid_to IS NULL`, [inside.code, before]);
      client.release();
    }
  });
});

describe('GET /api/v1/lookup', () => {
  it('gives district, street, community and grid for a point inside a grid', async () => {
    const { status, body } = await t.getJson(`/api/v1/lookup?lon=${inside.lon}&lat=${inside.lat}`);
    expect(status).toBe(200);
    expect(body.grid.code).toBe(inside.code);
    expect(body.community.code).toBe(inside.code.slice(0, 12));
    expect(body.street.code).toBe(inside.code.slice(0, 9));
    expect(body.district).toEqual({ code: '320111', name: '浦口区' });
    for (const level of ['street', 'community', 'grid']) expect(body[level].name).toEqual(expect.any(String));
  });

  it('answers 404 problem+json for a point outside every grid', async () => {
    const { status, type, body } = await t.getJson('/api/v1/lookup?lon=116.4&lat=39.9');
    expect(status).toBe(404);
    expect(type).toContain('application/problem+json');
    expect(body.detail).toContain('outside every grid');
  });

  it.each([
    ['', 'lon: lon is required'],
    ['lon=118.6', 'lat: lat is required'],
    ['lon=abc&lat=32', 'lon: lon must be a number'],
    ['lon=&lat=32', 'lon: lon must be a number'],
    ['lon=118.6&lat=1e400', 'lat: lat must be within -90..90'],
    ['lon=190&lat=32', 'lon: lon must be within -180..180'],
    ['lon=118.6&lat=-91', 'lat: lat must be within -90..90'],
  ])('rejects ?%s with 400', async (query, message) => {
    const { status, type, body } = await t.getJson(`/api/v1/lookup?${query}`);
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body.detail).toContain(message);
  });
});

describe('POST /api/v1/lookup', () => {
  /** Batch lookup is for staff: any signed-in role (here a planner). */
  const post = async (body: string, app = t.as('planner')) => {
    const response = await app.request('/api/v1/lookup', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as any };
  };

  it('answers every point in order, null outside, matching PostGIS', async () => {
    const points = randomPoints(2000, 11);
    const expected = await lookupInSql(points);
    const { status, body } = await post(JSON.stringify({ points }));
    expect(status).toBe(200);
    expect(body.count).toBe(2000);
    expect(body.results.map((r: any) => r?.grid.code ?? null)).toEqual(expected);
    expect(body.found).toBe(expected.filter((c) => c !== null).length);
  });

  it('accepts an empty batch and the maximum of 100,000 points', async () => {
    expect((await post('{"points":[]}')).body).toEqual({ count: 0, found: 0, results: [] });
    const many = Array.from({ length: 100_000 }, () => [inside.lon, inside.lat]);
    const { status, body } = await post(JSON.stringify({ points: many }));
    expect(status).toBe(200);
    expect(body.found).toBe(100_000);
    expect(body.results[99_999].grid.code).toBe(inside.code);
  });

  it.each([
    ['', 'the request body is empty'],
    ['{"points": [[118.6, 32', 'not valid JSON'],
    ['[1,2]', 'body must be an object'],
    ['{"points": "118.6,32"}', 'points must be an array'],
    ['{"points": [[118.6, 32], [118.6]]}', 'points[1] must be a [lon, lat] pair'],
    ['{"points": [[118.6, 32], ["118.6", 32]]}', 'points[1]: longitude must be a number'],
    ['{"points": [[118.6, 132]]}', 'points[0]: latitude must be a number within -90..90'],
  ])('rejects %s with 400', async (body, message) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.detail).toContain(message);
  });

  it('answers 401 without sign-in (GET /lookup stays public)', async () => {
    const response = await post('{"points":[]}', t.app);
    expect(response.status).toBe(401);
    expect(response.type).toContain('application/problem+json');
  });

  it('over HTTP, answers a batch intact while the next is answered (its buffer is not reused before it is sent)', async () => {
    const server = await startServer({ db: t.db, config: readConfig({}) });
    try {
      const [first, second] = [randomPoints(100_000, 21), randomPoints(100_000, 22)].map((points) => JSON.stringify({ points }));
      const expected = (await post(first)).body;
      const token = await t.token('planner');
      // The first answer (~24 MB) is asked for on a socket left unread, so most of it waits in the server.
      const { port } = new URL(server.url);
      const socket = net.connect(Number(port), '127.0.0.1');
      socket.write(`POST /api/v1/lookup HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(first)}\r\nconnection: close\r\n\r\n${first}`);
      await sleep(1500);
      const response = await fetch(`${server.url}/api/v1/lookup`, { method: 'POST', body: second, headers: { authorization: `Bearer ${token}` } });
      expect((await response.json()).count).toBe(100_000);
      const chunks: Buffer[] = [];
      for await (const chunk of socket) chunks.push(chunk);
      const raw = Buffer.concat(chunks);
      expect(raw.subarray(0, 12).toString()).toBe('HTTP/1.1 200');
      expect(JSON.parse(raw.subarray(raw.indexOf('\r\n\r\n') + 4).toString())).toEqual(expected);
    } finally {
      await server.close();
    }
  });

  it('rejects more than 100,000 points with 400', async () => {
    const points = Array.from({ length: 100_001 }, () => [118.6, 32]);
    const response = await post(JSON.stringify({ points }));
    expect(response.status).toBe(400);
    expect(response.body.detail).toContain('at most 100000');
  });
});
