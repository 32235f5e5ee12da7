import iconv from 'iconv-lite';
import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { csv, importKit } from './testing.ts';

const kit = importKit();
/** Imports are the admin's: kit.post, signed in as admin. */
const post = async (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
  const response = await kit.t.as('admin').request(`/api/v1/imports?${query}`, { method: 'POST', body: body as BodyInit, headers });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
};
const h3 = (lat: number, lon: number) => BigInt('0x' + latLngToCell(lat, lon, 10)).toString();

describe('imports: file formats and encodings', () => {
  it('reads UTF-8 CSV with a byte-order mark, assigns grids and H3 cells, stores attributes', async () => {
    const { inside } = await kit.places();
    const body = '\uFEFF' + csv([
      ['source_key', 'category', 'lon', 'lat', 'name', 'phone'],
      ...inside.slice(0, 3).map((p, i) => [`fmt-bom-${i}`, 'RP01', p.lon, p.lat, `张三${i}`, '13812341234']),
    ]);
    const { status, headers, body: job } = await post('format=csv&filename=people.csv', body);
    expect(status).toBe(201);
    expect(headers.get('location')).toBe(`/api/v1/imports/${job.id}`);
    expect(job).toMatchObject({ status: 'done', detectedEncoding: 'utf-8', counts: { read: 3, accepted: 3, inserted: 3, rejected: 0, outsideGrid: 0 } });
    const rows = await kit.entities('fmt-bom-');
    expect(rows.map((r) => r.grid_code)).toEqual(inside.slice(0, 3).map((p) => p.grid));
    expect(rows[0]).toMatchObject({ category_code: 'RP01', attrs: { name: '张三0', phone: '13812341234' } });
    expect(rows[0].h3_r10).toBe(h3(inside[0].lat, inside[0].lon));
  });

  it.each([
    ['gbk', 'auto', 'gb18030'],
    ['gbk', 'gbk', 'gbk'],
  ])('reads %s CSV with Chinese column names (encoding=%s)', async (codec, encoding, detected) => {
    const { inside } = await kit.places();
    const text = csv([
      ['编号', '类别', '经度', '纬度', '姓名', '住址'],
      [`fmt-${encoding}-1`, '常住人口', inside[0].lon, inside[0].lat, '欧阳娜娜', '南京市浦口区江浦街道'],
    ]);
    const { status, body: job } = await post(`format=csv&encoding=${encoding}`, iconv.encode(text, codec));
    expect(status).toBe(201);
    expect(job).toMatchObject({ detectedEncoding: detected, counts: { inserted: 1, rejected: 0 } });
    const [row] = await kit.entities(`fmt-${encoding}-`);
    expect(row).toMatchObject({ category_code: 'RP01', grid_code: inside[0].grid, attrs: { 姓名: '欧阳娜娜', 住址: '南京市浦口区江浦街道' } });
  });

  it('reads GB18030 text outside GBK (four-byte sequences)', async () => {
    const { inside } = await kit.places();
    const name = '𠮷野家'; // U+20BB7 is not in GBK
    const text = csv([['key', 'lon', 'lat', 'name'], ['fmt-gb18030-壹号', inside[1].lon, inside[1].lat, name]]);
    const bytes = iconv.encode(text, 'gb18030');
    expect(iconv.decode(bytes, 'gbk')).not.toContain(name);
    const { body: job } = await post('format=csv&category=LE02&encoding=gb18030', bytes);
    expect(job.counts).toMatchObject({ inserted: 1, rejected: 0 });
    expect(await kit.entities('fmt-gb18030-')).toMatchObject([{ source_key: 'fmt-gb18030-壹号', attrs: { name } }]);
  });

  it('reads quoted CSV fields with delimiters, quotes and line breaks, and tab-separated files', async () => {
    const { inside } = await kit.places();
    const p = inside[2];
    const text = `key,lon,lat,address,note\r\nfmt-q-1,${p.lon},${p.lat},"浦口区, 江浦街道","他说""好""\r\n第二行"\r\nfmt-q-2,${p.lon},${p.lat},plain,\r\n`;
    const { body: job } = await post('format=csv&category=LE01', text);
    expect(job.counts).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    const rows = await kit.entities('fmt-q-');
    expect(rows[0].attrs).toEqual({ address: '浦口区, 江浦街道', note: '他说"好"\r\n第二行' });
    expect(rows[1].attrs).toEqual({ address: 'plain' });

    const tsv = `key\tlon\tlat\tname\nfmt-tab-1\t${p.lon}\t${p.lat}\ta, b\n`;
    const tab = await post(`format=csv&category=LE01&mapping=${encodeURIComponent(JSON.stringify({ delimiter: '\t' }))}`, tsv);
    expect(tab.body.counts).toMatchObject({ inserted: 1 });
    expect((await kit.entities('fmt-tab-'))[0].attrs).toEqual({ name: 'a, b' });
  });

  it('reads NDJSON with a mapping that renames attributes and marks required ones', async () => {
    const { inside } = await kit.places();
    const lines = inside.slice(0, 2).map((p, i) => JSON.stringify({ id: `fmt-nd-${i}`, x: p.lon, y: p.lat, 名称: `店${i}`, tel: 13900000000 + i, extra: 'dropped' }));
    const mapping = { lon: 'x', lat: 'y', sourceKey: 'id', attributes: { name: '名称', phone: 'tel' }, required: ['name'] };
    const { status, body: job } = await post(`format=ndjson&category=LE02&mapping=${encodeURIComponent(JSON.stringify(mapping))}`, lines.join('\n'));
    expect(status).toBe(201);
    expect(job.counts).toMatchObject({ inserted: 2, rejected: 0 });
    const rows = await kit.entities('fmt-nd-');
    expect(rows[1]).toMatchObject({ grid_code: inside[1].grid, attrs: { name: '店1', phone: 13900000001 } });
  });

  it('reads a GeoJSON FeatureCollection, feature ids as source keys', async () => {
    const { inside } = await kit.places();
    const collection = {
      type: 'FeatureCollection',
      name: 'shops',
      features: inside.slice(0, 3).map((p, i) => ({
        type: 'Feature',
        id: `fmt-gj-${i}`,
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
        properties: { category: 'LE02', name: `商店${i}`, floors: i },
      })),
    };
    const { status, body: job } = await post('filename=shops.geojson', JSON.stringify(collection, null, 2));
    expect(status).toBe(201);
    expect(job).toMatchObject({ format: 'geojson', counts: { inserted: 3, rejected: 0 } });
    const rows = await kit.entities('fmt-gj-');
    expect(rows.map((r) => r.grid_code)).toEqual(inside.slice(0, 3).map((p) => p.grid));
    expect(rows[2].attrs).toEqual({ name: '商店2', floors: 2 });
  });

  it('reads WKT and EWKT points', async () => {
    const { inside } = await kit.places();
    const [a, b] = inside;
    const text = csv([['key', 'wkt'], ['fmt-wkt-1', `POINT (${a.lon} ${a.lat})`], ['fmt-wkt-2', `"SRID=4326;POINT(${b.lon} ${b.lat})"`]]);
    const { body: job } = await post('format=csv&category=LE21', text);
    expect(job.counts).toMatchObject({ inserted: 2, rejected: 0 });
    expect((await kit.entities('fmt-wkt-')).map((r) => r.grid_code)).toEqual([a.grid, b.grid]);
  });

  it('transforms CGCS2000 Gauss-Krüger coordinates (EPSG:4549) as PostGIS does', async () => {
    const { inside } = await kit.places();
    // A known point: (118.65°E, 32.1°N) is (372567.733, 3553739.069) in EPSG:4549 (PostGIS ST_Transform).
    const known = { x: 372567.7332068066, y: 3553739.0693859095 };
    const { rows } = await kit.t.db.pool.query<{ x: number; y: number }>(
      `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), 4326), 4549) AS p) t`,
      [inside[3].lon, inside[3].lat],
    );
    const text = csv([['key', 'x', 'y'], ['fmt-4549-known', known.x, known.y], ['fmt-4549-grid', rows[0].x, rows[0].y]]);
    const { body: job } = await post('format=csv&category=LE21&srid=4549', text);
    expect(job.counts).toMatchObject({ inserted: 2, rejected: 0 });
    const [grid, point] = await kit.entities('fmt-4549-');
    expect(point.lon).toBeCloseTo(118.65, 7);
    expect(point.lat).toBeCloseTo(32.1, 7);
    expect(grid.lon).toBeCloseTo(inside[3].lon, 7);
    expect(grid.lat).toBeCloseTo(inside[3].lat, 7);
    expect(grid.grid_code).toBe(inside[3].grid);

    const zone = await post('format=csv&category=LE21&srid=4528', csv([['key', 'x', 'y'], ['fmt-4528-1', 40_000_000 + known.x, known.y]]));
    expect(zone.body.counts).toMatchObject({ inserted: 1 });
    expect((await kit.entities('fmt-4528-'))[0].lon).toBeCloseTo(118.65, 7);
  });

  it('keeps a point inside the district but outside every grid, flagged', async () => {
    const { outside } = await kit.places();
    const { body: job } = await post('format=csv&category=LE21', csv([['key', 'lon', 'lat'], ['fmt-out-1', outside.lon, outside.lat]]));
    expect(job.counts).toMatchObject({ inserted: 1, outsideGrid: 1, rejected: 0 });
    expect((await kit.entities('fmt-out-'))[0].grid_code).toBeNull();
  });
});
