import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { rejectionsCsv } from './rejections.ts';
import { csv, importKit } from './testing.ts';

const kit = importKit();
/** Imports are the admin's: kit.post, signed in as admin. */
const post = async (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
  const response = await kit.t.as('admin').request(`/api/v1/imports?${query}`, { method: 'POST', body: body as BodyInit, headers });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
};

async function job(id: number) {
  return (await kit.t.getJson(`/api/v1/imports/${id}`, 'admin')).body;
}

describe('imports: bad rows are rejected with their line and reason, the good rows land', () => {
  it('gives the rejected rows as sent only to the admin who imported them; another admin reads them masked', async () => {
    await kit.t.db.pool.query(
      `INSERT INTO app_user (username, display_name, role, jurisdiction, password_hash, demo)
       SELECT 'admin-second', '第二管理员', 'admin', jurisdiction, password_hash, true FROM app_user WHERE username = 'admin'
       ON CONFLICT (username) DO NOTHING`,
    );
    const { body } = await post('format=csv&category=RP01', csv([['key', 'lon', 'lat', 'phone'], ['bad-phone', 'abc', '32.1', '13812345678']]));
    expect(body.counts).toMatchObject({ rejected: 1 });
    expect(body.rejections.first[0].raw).toContain('13812345678');
    const mine = await (await kit.t.as('admin').request(body.rejections.csv)).text();
    expect(mine).toContain('13812345678');
    const theirs = await kit.t.getJson(`/api/v1/imports/${body.id}`, 'admin-second');
    expect(theirs.body.rejections.first[0].raw).not.toContain('13812345678');
    expect(theirs.body.rejections.first[0].raw).toContain('138****5678');
    const theirCsv = await (await kit.t.as('admin-second').request(body.rejections.csv)).text();
    expect(theirCsv).not.toContain('13812345678');
    expect(theirCsv).toContain('bad-phone');
  });

  it('rejects every kind of bad CSV row and reports each', async () => {
    const { inside } = await kit.places();
    const [a, b] = inside;
    const text = [
      'key,category,lon,lat,name', // line 1
      `bad-ok-1,RP01,${a.lon},${a.lat},张三`, // 2 good
      `bad-nan,RP01,abc,${a.lat},李四`, // 3 non-numeric
      `bad-empty,RP01,${a.lon},,王五`, // 4 empty latitude
      'bad-far,RP01,116.4,39.9,赵六', // 5 Beijing: outside the extent
      `bad-swap,RP01,${a.lat},${a.lon},钱七`, // 6 swapped
      `bad-cat,XX99,${a.lon},${a.lat},孙八`, // 7 unknown category
      `bad-short,RP01,${a.lon}`, // 8 too few fields
      `bad-quote,RP01,${a.lon},${a.lat},"周"九`, // 9 text after a closing quote
      `bad-dup,RP01,${a.lon},${a.lat},first`, // 10 replaced by line 12
      `,RP01,${a.lon},${a.lat},吴十`, // 11 empty key
      `bad-dup,RP01,${b.lon},${b.lat},last`, // 12 good, replaces 10
      `bad-projected,RP01,372567.73,3553739.07,郑一`, // 13 projected coordinates as WGS84
      `bad-noname,RP01,${a.lon},${a.lat},`, // 14 required name missing
    ].join('\n');
    const mapping = encodeURIComponent(JSON.stringify({ required: ['name'] }));
    const { status, body } = await post(`format=csv&mapping=${mapping}`, text);
    expect(status).toBe(201);
    expect(body.counts).toMatchObject({ read: 13, accepted: 3, rejected: 11, inserted: 2 });
    const byLine = Object.fromEntries(body.rejections.first.map((r: any) => [r.line, r.reason]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14]);
    expect(byLine[3]).toBe('lon is not a number: "abc"');
    expect(byLine[4]).toBe('lat is empty');
    expect(byLine[5]).toMatch(/^\(116\.4, 39\.9\) is outside 浦口区's extent/);
    expect(byLine[6]).toMatch(/longitude and latitude look swapped$/);
    expect(byLine[7]).toBe('unknown category "XX99"');
    expect(byLine[8]).toBe('has 3 fields, the header has 5');
    expect(byLine[9]).toMatch(/^malformed CSV: text after the closing quote of field 5/);
    expect(byLine[10]).toBe('duplicate source key bad-dup (category RP01) in this file: line 12 replaces this row');
    expect(byLine[11]).toBe('the source key (key) is empty');
    expect(byLine[13]).toMatch(/look like projected coordinates; .*srid=4549/);
    expect(byLine[14]).toBe('required field "name" is missing');
    const rows = await kit.entities('bad-');
    expect(rows.map((r) => [r.source_key, r.attrs.name])).toEqual([['bad-dup', 'last'], ['bad-ok-1', '张三']]);
    expect(rows[0].grid_code).toBe(b.grid);

    // The full report, as CSV.
    const response = await kit.t.as('admin').request(body.rejections.csv);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const report = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(report[0]).toBe('line,reason,raw');
    expect(report).toHaveLength(12);
    expect(report[1]).toBe(`3,"lon is not a number: ""abc""","bad-nan,RP01,abc,${a.lat},李四"`);
  });

  it('reports all problems of a row at once', async () => {
    const { body } = await post('format=csv', csv([['key', 'category', 'lon', 'lat'], ['bad-many', 'ZZ', 'x', '']]));
    expect(body.rejections.first[0]).toEqual({ line: 2, reason: 'lon is not a number: "x"; lat is empty; unknown category "ZZ"', raw: 'bad-many,ZZ,x,' });
  });

  it('rejects bad WKT, non-point geometries and bad SRIDs', async () => {
    const { inside } = await kit.places();
    const p = inside[0];
    const text = csv([
      ['key', 'geometry'],
      ['bad-wkt-1', 'POINT (1 2'],
      ['bad-wkt-2', '"LINESTRING (118.6 32.1, 118.7 32.2)"'],
      ['bad-wkt-3', 'POINT EMPTY'],
      ['bad-wkt-4', `SRID=3857;POINT (${p.lon} ${p.lat})`],
      ['bad-wkt-5', `"{""type"":""Polygon"",""coordinates"":[]}"`],
      ['bad-wkt-6', ''],
      ['bad-wkt-ok', `POINT (${p.lon} ${p.lat})`],
    ]);
    const { body } = await post('format=csv&category=LE21', text);
    expect(body.counts).toMatchObject({ read: 7, inserted: 1, rejected: 6 });
    expect(body.rejections.first.map((r: any) => r.reason)).toEqual([
      'geometry: not a WKT point: "POINT (1 2"',
      'geometry: the geometry is a LINESTRING, not a point: the grid database holds points',
      'geometry: the WKT point is EMPTY',
      'geometry: SRID=3857 is not supported (4326, 4490, 4549, 4528)',
      'geometry: the geometry is a Polygon, not a point: the grid database holds points',
      'geometry is empty',
    ]);
  });

  it('rejects malformed NDJSON lines and non-objects, and bad GeoJSON features', async () => {
    const { inside } = await kit.places();
    const p = inside[0];
    const ndjson = [
      JSON.stringify({ id: 'bad-nd-1', lon: p.lon, lat: p.lat }),
      '{"id": "bad-nd-2", "lon": ',
      '[1, 2]',
      '',
      JSON.stringify({ id: 'bad-nd-3', lon: p.lon, lat: 'north' }),
    ].join('\n');
    const nd = await post('format=ndjson&category=LE21', ndjson);
    expect(nd.body.counts).toMatchObject({ read: 4, inserted: 1, rejected: 3 });
    expect(nd.body.rejections.first.map((r: any) => [r.line, r.reason.replace(/:.*$/, '')])).toEqual([[2, 'malformed JSON'], [3, 'not a JSON object'], [5, 'lat is not a number']]);

    const features = [
      { type: 'Feature', id: 'bad-gj-1', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: {} },
      { type: 'Feature', id: 'bad-gj-2', geometry: null, properties: {} },
      { type: 'Thing' },
      { type: 'Feature', id: 'bad-gj-4', geometry: { type: 'Point', coordinates: ['a', 1] }, properties: {} },
    ];
    const gj = await post('format=geojson&category=LE21', JSON.stringify({ type: 'FeatureCollection', features }));
    expect(gj.body.counts).toMatchObject({ read: 4, inserted: 1, rejected: 3 });
    expect(gj.body.rejections.first.map((r: any) => [r.line, r.reason])).toEqual([
      [2, 'geometry is empty'],
      [3, 'not a GeoJSON Feature (no "type": "Feature")'],
      [4, 'geometry: the point\'s coordinates are not numbers: ["a",1]'],
    ]);
  });

  it('serves the rejections report with personal data masked, in CSV rows, NDJSON rows and reasons', async () => {
    const { inside } = await kit.places();
    const p = inside[0];
    const text = csv([
      ['key', 'category', 'lon', 'lat', 'name', 'id_card', 'phone'],
      ['320111199001011234', 'RP01', 'abc', p.lat, '张三', '320111199001011234', '13812345678'],
      ['320111199001011234', 'RP01', p.lon, p.lat, '张三', '320111199001011234', '13812345678'],
      ['320111199001011234', 'RP01', p.lon, p.lat, '张三', '320111199001011234', '13812345678'],
    ]);
    const { body } = await post('format=csv', text);
    expect(body.counts).toMatchObject({ rejected: 2 });
    const report = await (await kit.t.as('admin-second').request(body.rejections.csv)).text();
    expect(report).not.toMatch(/19900101|12345678/);
    expect(report).toContain('320111********1234,RP01,abc');
    expect(report).toContain('duplicate source key 320111********1234');

    const nd = await post('format=ndjson&category=RP01', JSON.stringify({ id: 'bad-nd-p', lon: p.lon, lat: 'north', 姓名: '李四', 备注: '电话13912345678' }));
    const ndReport = await (await kit.t.as('admin-second').request(nd.body.rejections.csv)).text();
    expect(ndReport).toContain('""姓名"":""李*""');
    expect(ndReport).toContain('电话139****5678');

    // Unmasked when asked (for the one who sent the file): the rows as they were read.
    let raw = '';
    for await (const chunk of rejectionsCsv(kit.t.db.pool, body.id, { masked: false })) raw += chunk;
    expect(raw).toContain('320111199001011234,RP01,abc');
  });

  it('rejects rows with bytes that are not GBK text', async () => {
    const { inside } = await kit.places();
    const p = inside[0];
    const good = iconv.encode(csv([['key', 'lon', 'lat', '名称'], ['bad-gbk-1', p.lon, p.lat, '便利店']]), 'gbk');
    const broken = Buffer.concat([Buffer.from(`bad-gbk-2,${p.lon},${p.lat},`), Buffer.from([0x81, 0x20]), Buffer.from('\n')]);
    const { body } = await post('format=csv&category=LE02&encoding=gbk', Buffer.concat([good, broken]));
    expect(body.counts).toMatchObject({ inserted: 1, rejected: 1 });
    expect(body.rejections.first[0]).toMatchObject({ line: 3, reason: 'contains bytes that are not valid GB18030/GBK text' });
  });
});

describe('imports: files that are not what they claim fail as a whole', () => {
  it.each([
    ['CSV without coordinates', 'format=csv&category=RP01', 'key,name\nx,y\n', /no coordinates: found no longitude\/latitude .* among: key, name/],
    ['JSON sent as CSV', 'format=csv&category=RP01', '{"type": "FeatureCollection"}\n', /looks like JSON, not CSV/],
    ['a semicolon CSV', 'format=csv&category=RP01', 'key;lon;lat\n1;2;3\n', /the delimiter looks like ";"/],
    ['CSV without a category', 'format=csv', 'key,lon,lat\n1,118.6,32.1\n', /no category: give the import a category/],
    ['a mapped column that is missing', `format=csv&category=RP01&mapping=${encodeURIComponent('{"lon":"经度","lat":"纬度"}')}`, 'lon,lat\n1,2\n', /mapping.lon: there is no column "经度"/],
    ['NDJSON that is not', 'format=ndjson&category=RP01', 'key,lon,lat\n', /line 1 is not JSON, so the file is not NDJSON/],
    ['GeoJSON cut short', 'format=geojson&category=RP01', '{"type":"FeatureCollection","features":[{"type":"Feature"', /the file is not valid JSON/],
    ['GeoJSON without features', 'format=geojson&category=RP01', '{"type":"Feature","geometry":null}', /not a GeoJSON FeatureCollection \(it is a single Feature/],
    ['an empty file', 'format=csv&category=RP01', '', /the file is empty/],
    ['invalid UTF-8', 'format=csv&category=RP01&encoding=utf-8', Buffer.from([0x6c, 0x6f, 0x6e, 0x2c, 0xc4, 0xe3, 0x0a]), /not valid UTF-8 .* encoding=gb18030/],
    ['an Excel workbook', 'format=csv&category=RP01', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]), /Excel \.xlsx workbook/],
  ])('%s → 400 with the failed job', async (_name, query, body, message) => {
    const { status, headers, body: problem } = await post(query, body);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(problem.detail).toMatch(message);
    expect(problem.importId).toEqual(expect.any(Number));
    expect(await job(problem.importId)).toMatchObject({ status: 'failed', counts: { inserted: 0 }, error: expect.stringMatching(message) });
  });

  it('leaves nothing of a GeoJSON file that breaks after good features', async () => {
    const { inside } = await kit.places();
    const p = inside[0];
    const text = `{"type":"FeatureCollection","features":[{"type":"Feature","id":"bad-cut-1","geometry":{"type":"Point","coordinates":[${p.lon},${p.lat}]},"properties":{}},{"type":`;
    const { status } = await post('format=geojson&category=LE21', text);
    expect(status).toBe(400);
    expect(await kit.entities('bad-cut-')).toEqual([]);
  });

  it.each([
    ['category=NOPE&format=csv', 'category: unknown category "NOPE"'],
    ['category=RP01&format=xlsx', 'format must be csv, ndjson or geojson'],
    ['category=RP01', 'format: give format=csv|ndjson|geojson'],
    ['category=RP01&format=csv&encoding=latin1', 'encoding must be auto, utf-8, gbk or gb18030'],
    ['category=RP01&format=csv&srid=3857', 'srid must be one of 4326, 4490, 4549, 4528'],
    ['category=RP01&format=csv&mapping=%7Bnope', 'mapping is not valid JSON'],
    ['category=RP01&format=csv&mapping=%7B%22lon%22%3A%22x%22%7D', 'lat: lon and lat are given together'],
    ['category=RP01&format=csv&mapping=%7B%22colour%22%3A%22x%22%7D', 'Unrecognized key: "colour"'],
  ])('answers ?%s with 400 before reading the body, creating no job', async (query, message) => {
    const before = await kit.t.db.pool.query('SELECT count(*)::int AS n FROM import_job');
    const { status, body } = await post(query, 'key,lon,lat\n');
    expect(status).toBe(400);
    expect(body.detail).toContain(message);
    const after = await kit.t.db.pool.query('SELECT count(*)::int AS n FROM import_job');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });
});
