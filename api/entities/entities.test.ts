import { cellToParent, latLngToCell } from 'h3-js';
import { afterAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { entityPageQuery, matchCount, orderFor, PAGE_SORTABLE } from './queries.ts';

const t = testApp();
afterAll(() => t.db.close());

async function someGrid(): Promise<{ code: string; n: number }> {
  const { rows } = await t.db.pool.query(
    `SELECT grid_code AS code, count(*)::int AS n FROM entity WHERE grid_code IS NOT NULL GROUP BY 1 HAVING count(*) BETWEEN 150 AND 2000 ORDER BY 1 LIMIT 1`,
  );
  return rows[0];
}

/** District-wide reads by an analyst, who sees records masked. */
async function text(path: string, headers: Record<string, string> = {}) {
  const response = await t.as('analyst').request(path, { headers });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('GET /api/v1/entities', () => {
  it('pages through a grid with an opaque cursor, in id order, every record once', async () => {
    const grid = await someGrid();
    const ids: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { status, body } = await t.getJson(`/api/v1/entities?grid=${grid.code}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, 'analyst');
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(100);
      for (const item of body.items) {
        expect(item.grid).toBe(grid.code);
        expect(item.community).toBe(grid.code.slice(0, 12));
        ids.push(item.id);
      }
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(ids).toHaveLength(grid.n);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(pages).toBe(Math.ceil(grid.n / 100));
  });

  it('filters by category, street, community and bbox as SQL does', async () => {
    const grid = await someGrid();
    const street = grid.code.slice(0, 9);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM entity WHERE category_code = 'RP01' AND grid_code LIKE $1`, [`${street}%`]);
    const { body } = await t.getJson(`/api/v1/entities?category=RP01&street=${street}&limit=1000`, 'analyst');
    expect(body.items.length).toBe(Math.min(rows[0].n, 1000));
    expect(body.items.every((e: any) => e.category === 'RP01' && e.street === street)).toBe(true);

    const community = grid.code.slice(0, 12);
    const inCommunity = await t.db.pool.query(`SELECT id::float8 AS id FROM entity WHERE grid_code LIKE $1 ORDER BY id LIMIT 1000`, [`${community}%`]);
    const byCommunity = await t.getJson(`/api/v1/entities?community=${community}&limit=1000`, 'analyst');
    expect(byCommunity.body.items.map((e: any) => e.id)).toEqual(inCommunity.rows.map((r) => r.id));

    const bbox = [118.6, 32.05, 118.61, 32.06];
    const inBox = await t.db.pool.query(`SELECT id::float8 AS id FROM entity WHERE geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) ORDER BY id LIMIT 1000`, bbox);
    const boxed = await t.getJson(`/api/v1/entities?bbox=${bbox.join(',')}&limit=1000`, 'analyst');
    expect(boxed.body.items.map((e: any) => e.id)).toEqual(inBox.rows.map((r) => r.id));
  });

  it('gives each record its H3 cell at resolution 10 and the parents r7–r9 h3-js gives', async () => {
    const grid = await someGrid();
    const { body } = await t.getJson(`/api/v1/entities?grid=${grid.code}&limit=200`, 'analyst');
    expect(body.items.length).toBeGreaterThan(100);
    for (const e of body.items) {
      const r10 = latLngToCell(e.lat, e.lon, 10);
      const decimal = (cell: string) => BigInt('0x' + cell).toString();
      expect(e.h3).toEqual({ r7: decimal(cellToParent(r10, 7)), r8: decimal(cellToParent(r10, 8)), r9: decimal(cellToParent(r10, 9)), r10: decimal(r10) });
    }
  });

  it('reads a bounding box through the GiST index on geom, as the page the route asks for', async () => {
    const filter = { bbox: [118.6, 32.05, 118.61, 32.06] as [number, number, number, number] };
    const order = orderFor(await matchCount(t.db.pool, filter), PAGE_SORTABLE);
    const { sql, parameters } = entityPageQuery(filter, 0, 101, order).compile();
    const { rows } = await t.db.pool.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters as unknown[]);
    expect(JSON.stringify(rows[0]['QUERY PLAN'])).toContain('"Index Name":"entity_geom_idx"');
  });

  it('masks personal data: people, and the contact persons of organisations', async () => {
    const { body } = await t.getJson('/api/v1/entities?category=RP01&limit=20', 'analyst');
    for (const person of body.items) {
      expect(person.attrs.id_card).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
      expect(person.attrs.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(person.attrs.name).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
      // The year stays; month and day are the digits the ID number's mask hides.
      expect(person.attrs.birth_date).toMatch(/^\d{4}-\*\*-\*\*$/);
      // The building stays (the record's point shows it), the unit and flat do not.
      expect(person.attrs.address).toMatch(/(栋|号)(\*单元\*+室)?$/);
    }
    const shops = await t.getJson('/api/v1/entities?category=LE01&limit=20', 'analyst');
    for (const shop of shops.body.items) {
      expect(shop.attrs.name).not.toContain('*');
      expect(shop.attrs.contact).toMatch(/\*$/);
      expect(shop.attrs.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
  });

  it('shows a grid worker the records of their own grid unmasked, and no other grid\'s', async () => {
    const grid = await someGrid();
    const own = await t.getJson(`/api/v1/entities?grid=${grid.code}&category=RP01&limit=20`, `worker-${grid.code}`);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    for (const person of own.body.items) {
      expect(person.grid).toBe(grid.code);
      expect(person.attrs.id_card).not.toContain('*');
      expect(person.attrs.phone).toMatch(/^1\d{10}$/);
    }
    const everything = await t.getJson('/api/v1/entities?limit=1000', `worker-${grid.code}`);
    expect(everything.body.items.every((e: any) => e.grid === grid.code)).toBe(true);
    const { rows } = await t.db.pool.query(`SELECT code FROM grid WHERE valid_to IS NULL AND code <> $1 ORDER BY code LIMIT 1`, [grid.code]);
    const other = await t.getJson(`/api/v1/entities?grid=${rows[0].code}`, `worker-${grid.code}`);
    expect(other.status).toBe(403);
    expect(other.body.detail).toContain('outside your jurisdiction');
    expect((await t.app.request(`/api/v1/entities?grid=${grid.code}`)).status).toBe(401);
    expect((await t.getJson(`/api/v1/entities?grid=${grid.code}`, 'dept-law_enforcement')).status).toBe(403);
  });

  it('exports all matching records as CSV, streamed, masked, ignoring the page size', async () => {
    const grid = await someGrid();
    const { status, type, body } = await text(`/api/v1/entities?grid=${grid.code}&format=csv`);
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    const lines = body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,category,category_name,source_key,grid,community,street,lon,lat,h3_r7,h3_r8,h3_r9,h3_r10,updated_at,/);
    expect(lines[0]).toMatch(/,other_attrs$/);
    expect(lines).toHaveLength(grid.n + 1);
    expect(body).not.toMatch(/\b1[3-9]\d{9}\b/); // no phone number in clear

    const byAccept = await text(`/api/v1/entities?grid=${grid.code}&limit=7`, { accept: 'text/csv' });
    expect(byAccept.body.trimEnd().split('\r\n')).toHaveLength(8);
  });

  it('exports GeoJSON (format=geojson or Accept: application/geo+json)', async () => {
    const grid = await someGrid();
    for (const [query, headers] of [[`grid=${grid.code}&format=geojson`, {}], [`grid=${grid.code}`, { accept: 'application/geo+json' }]] as const) {
      const { type, body } = await text(`/api/v1/entities?${query}`, headers);
      expect(type).toContain('application/geo+json');
      const collection = JSON.parse(body);
      expect(collection.type).toBe('FeatureCollection');
      expect(collection.features).toHaveLength(grid.n);
      const [f] = collection.features;
      expect(f.geometry.type).toBe('Point');
      expect(f.properties.grid).toBe(grid.code);
      expect(f.properties.h3.r10).toMatch(/^\d+$/);
    }
    const empty = JSON.parse((await text('/api/v1/entities?bbox=0,0,1,1&format=geojson')).body);
    expect(empty).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it.each([
    ['cursor=bm9wZQ', 'cursor is not one this API gave out'],
    [`cursor=${Buffer.from("e:1' OR 1=1").toString('base64url')}`, 'cursor is not one this API gave out'],
    [`cursor=${Buffer.from('e:1\u0000').toString('base64url')}`, 'cursor is not one this API gave out'],
    ['cursor=%00', 'cursor is not one this API gave out'],
    ['limit=5000', 'a page has at most 1000 records'],
    ['limit=0', 'limit is at least 1'],
    ['grid=123', 'a grid code has 15 digits'],
    ['format=xlsx', 'format must be json, csv or geojson'],
    ['bbox=1,2,3', 'bbox must be four numbers'],
  ])('answers ?%s with 400', async (query, message) => {
    const { status, type, body } = await t.getJson(`/api/v1/entities?${query}`, 'analyst');
    expect(status).toBe(400);
    expect(type).toContain('application/problem+json');
    expect(body.detail).toContain(message);
  });

  it('answers the largest cursor it could have given with an empty page', async () => {
    const { status, body } = await t.getJson(`/api/v1/entities?cursor=${Buffer.from('e:999999999999999').toString('base64url')}`, 'analyst');
    expect(status).toBe(200);
    expect(body).toMatchObject({ items: [], nextCursor: null });
  });
});
