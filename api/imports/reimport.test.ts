import { describe, expect, it } from 'vitest';
import { csv, importKit } from './testing.ts';

const kit = importKit();
/** Imports are the admin's: kit.post, signed in as admin. */
const post = async (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
  const response = await kit.t.as('admin').request(`/api/v1/imports?${query}`, { method: 'POST', body: body as BodyInit, headers });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
};

async function gridCount(grid: string, category: string): Promise<number> {
  const { body } = await kit.t.getJson(`/api/v1/stats?level=grid&code=${grid}`, 'analyst');
  return body.entities.byCategory.find((c: any) => c.code === category)?.count ?? 0;
}

const expectCountsMatchARecount = async () => expect(await kit.countDrift()).toEqual([]);

describe('imports: re-importing the same records updates instead of duplicating', () => {
  it('updates changed records, leaves identical ones, inserts new ones, and keeps the statistics current', async () => {
    const { inside } = await kit.places();
    const [a, b] = inside;
    const before = { a: await gridCount(a.grid, 'FP01'), b: await gridCount(b.grid, 'FP01') };
    const first = csv([
      ['key', 'lon', 'lat', 'name'],
      ...[1, 2, 3, 4].map((i) => [`re-${i}`, a.lon, a.lat, `租客${i}`]),
    ]);
    const one = await post('format=csv&category=FP01', first);
    expect(one.body.counts).toMatchObject({ inserted: 4, updated: 0, unchanged: 0 });
    expect(await gridCount(a.grid, 'FP01')).toBe(before.a + 4);

    const again = await post('format=csv&category=FP01', first);
    expect(again.body.counts).toMatchObject({ read: 4, inserted: 0, updated: 0, unchanged: 4 });
    expect(await gridCount(a.grid, 'FP01')).toBe(before.a + 4);

    const changed = csv([
      ['key', 'lon', 'lat', 'name'],
      ['re-1', b.lon, b.lat, '租客1'], // moved to grid b
      ['re-2', a.lon, a.lat, '租客二'], // renamed
      ['re-3', a.lon, a.lat, '租客3'],
      ['re-4', a.lon, a.lat, '租客4'],
      ['re-5', a.lon, a.lat, '租客5'], // new
    ]);
    const three = await post('format=csv&category=FP01', changed);
    expect(three.body.counts).toMatchObject({ read: 5, inserted: 1, updated: 2, unchanged: 2 });
    const rows = await kit.entities('re-');
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.source_key === 're-1')?.grid_code).toBe(b.grid);
    expect(rows.find((r) => r.source_key === 're-2')?.attrs.name).toBe('租客二');
    expect(await gridCount(a.grid, 'FP01')).toBe(before.a + 4);
    expect(await gridCount(b.grid, 'FP01')).toBe(before.b + 1);
    await expectCountsMatchARecount();
  });

  it('knows rows without a key column by their content', async () => {
    const { inside, outside } = await kit.places();
    const p = inside[4];
    const file = csv([['lon', 'lat', 'name'], [p.lon, p.lat, '路灯A'], [outside.lon, outside.lat, '路灯B']]);
    const one = await post('format=csv&category=LE23', file);
    expect(one.body.counts).toMatchObject({ inserted: 2, outsideGrid: 1 });
    const again = await post('format=csv&category=LE23', file);
    expect(again.body.counts).toMatchObject({ inserted: 0, unchanged: 2 });
    const edited = await post('format=csv&category=LE23', csv([['lon', 'lat', 'name'], [p.lon, p.lat, '路灯C']]));
    expect(edited.body.counts).toMatchObject({ inserted: 1 });
    expect(await kit.entities('h:')).toHaveLength(3);
    await expectCountsMatchARecount();
    const district = (await kit.t.getJson('/api/v1/stats', 'analyst')).body;
    expect(district.outsideGrid.byCategory).toEqual([expect.objectContaining({ code: 'LE23', count: 1 })]);
    expect(district.outsideGrid.total).toBe(1);
  });

  it('keeps the last of several rows with one key in a file, in any order of blocks', async () => {
    const { inside } = await kit.places();
    const rows: (string | number)[][] = [['key', 'lon', 'lat', 'n']];
    // Enough rows for several blocks; every key appears three times, far apart.
    for (let round = 0; round < 3; round++) for (let i = 0; i < 4000; i++) rows.push([`dupe-${i}`, inside[i % 6].lon, inside[i % 6].lat, `${round}-${'x'.repeat(40)}`]);
    const { body } = await post('format=csv&category=LE22', csv(rows));
    expect(body.counts).toMatchObject({ read: 12_000, inserted: 4000, rejected: 8000 });
    const { rows: kept } = await kit.t.db.pool.query(`SELECT count(*)::int AS n FROM entity WHERE source_key LIKE 'dupe-%' AND attrs::json->>'n' LIKE '2-%'`);
    expect(kept[0].n).toBe(4000);
    await expectCountsMatchARecount();
  });
});
