import { latLngToCell } from 'h3-js';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { BinaryRows } from './copy-rows.ts';
import { readRows, type ReadJob } from './read.ts';
import type { RecordError } from './records.ts';
import { CategoryIndex, type JsonBytes, type StagedRowSink } from './rows.ts';
import type { ImportOptions, Mapping } from './schema.ts';
import { SeenKeys } from './seen-keys.ts';
import { importKit } from './testing.ts';

const kit = importKit();
/** Imports are the admin's: kit.post, signed in as admin. */
const post = async (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
  const response = await kit.t.as('admin').request(`/api/v1/imports?${query}`, { method: 'POST', body: body as BodyInit, headers });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
};

/**
 * The byte-level reader (csv-bytes.ts, fast-rows.ts) against the text reader it replaces for
 * UTF-8 CSV: the same files, cut into the same random chunks, must give the same rows in the
 * same order (to the byte, in the COPY encoding), the same rejections and counts, and the same
 * errors.
 */

const reference = {
  categories: new CategoryIndex([
    { code: 'RP01', name_zh: '户籍人口' },
    { code: 'FP02', name_zh: '流动人口' },
    { code: '01001', name_zh: '供水井盖' },
    { code: 'le03', name_zh: '企业' },
  ]),
  extent: { name: '浦口区', minLon: 118.4, maxLon: 118.95, minLat: 31.95, maxLat: 32.3 },
  // Grids west of 118.6 are missing: those points are kept and counted as outside every grid.
  locate: (lon: number, lat: number) => (lon < 118.6 ? null : `G${Math.floor(lon * 50)}-${Math.floor(lat * 50)}`),
};

type Row = [line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: string, attrs: string];

/** Notes every row, and encodes it as the COPY writer does. */
class RecordingSink implements StagedRowSink {
  rows: Row[] = [];
  /** Rows that came through addRaw (the byte-level lane). */
  raw = 0;
  readonly copy = new BinaryRows();

  add(line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    this.rows.push([line, category, key, grid, lon, lat, words(h3, h3At), attrs]);
    this.copy.row(line, category, key, grid, lon, lat, h3, h3At, attrs);
  }

  addRaw(
    line: number, category: string, source: Buffer, keyStart: number, keyEnd: number, grid: string | null,
    lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: JsonBytes,
  ): void {
    const json = Buffer.alloc(attrs.byteLength + 2);
    expect(attrs.writeTo(json, 1)).toBe(attrs.byteLength + 1);
    expect(attrs.toString()).toBe(json.toString('utf8', 1, attrs.byteLength + 1));
    this.rows.push([line, category, source.toString('utf8', keyStart, keyEnd), grid, lon, lat, words(h3, h3At), attrs.toString()]);
    this.copy.rowRaw(line, category, source, keyStart, keyEnd, grid, lon, lat, h3, h3At, attrs);
    this.raw++;
  }
}

const words = (h3: Uint32Array, at: number) => [...h3.subarray(at, at + 8)].map((w) => w.toString(16)).join(' ');

async function* chunks(bytes: Buffer, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length];
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function read(bytes: Buffer, options: ImportOptions, fromBytes: boolean, sizes: number[], blockBytes: number) {
  const job: ReadJob = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsOutsideGrid: 0, detectedEncoding: null };
  const rejected: RecordError[] = [];
  const sink = new RecordingSink();
  try {
    for await (const _block of readRows(chunks(bytes, sizes), options, reference, sink, job, rejected, { fromBytes, blockBytes })) {
      // (the pipeline writes and reports here)
    }
  } catch (error) {
    return { error: (error as Error).message, raw: sink.raw };
  }
  // Rejections are stored and listed by line; within a block the text reader lists the
  // malformed records after the others.
  rejected.sort((a, b) => a.line - b.line);
  return { rows: sink.rows, copy: sink.copy.take().toString('hex'), rejected, job, raw: sink.raw };
}

/** Reads `bytes` both ways; expects the same; returns how many rows the byte-level lane took. */
async function compare(bytes: Buffer, options: ImportOptions, random: Random): Promise<number> {
  const sizes = Array.from({ length: 7 }, () => (random.next() < 0.3 ? random.int(1, 16) : random.int(1, 70_000)));
  const blockBytes = random.pick([1, 64, 1000, 256 * 1024]);
  const fromText = await read(bytes, options, false, sizes, blockBytes);
  const fromBytes = await read(bytes, options, true, sizes, blockBytes);
  expect({ ...fromBytes, raw: 0 }).toEqual({ ...fromText, raw: 0 });
  return fromBytes.raw;
}

const LINE_ENDS = ['\n', '\n', '\n', '\r\n'];
const KEYS = (i: number, random: Random) =>
  random.next() < 0.8
    ? random.pick([`K${i}`, `浦口-${i}`, `K${random.int(0, i)}`])
    : random.pick(['', ' ', ` K${i}`, `K${i}\u3000`, `\u00a0K${i}`, `K\\${i}`, `"K,${i}"`]);
const CATEGORIES = [
  'RP01', 'RP01', 'RP01', 'RP01', 'RP01', 'RP01', 'RP01', 'RP01', 'RP01', 'RP01', 'FP02', '01001', 'rp01', 'Rp01', '户籍人口', '流动人口', 'le03', 'LE03', 'XX99', '', ' RP01', 'RP01 ',
  'ｒｐ01', '户籍人口\u3000', 'ß', '"RP01"', '\ufeffRP01',
];
const NUMBERS = [
  '{}', '{}', '{}', '{}', '+{}', '{}0000', ' {}', '{} ', '0{}', '{}e0', '0x76', 'abc', '', '-{}', '{}.1', 'Infinity', '1e3', '１１８.７',
  '-0', '.5', '5.', '{}123456789012345678', '"{}"',
];
const ATTRIBUTES = ['张三', 'female', '2011-06-24', '320111201106243386', '18890660945', '南京市浦口区泰山街道盛和花园17栋1单元701室', 'a', ''];
const ODD_ATTRIBUTES = [
  ' padded ', '\u00a0nbsp', 'end\u3000', '\u2003em', 'back\\slash', 'ctrl\u0001x', 'é', '😀', 'x\u2028y', 'tail\u2028', '\ufeffbom',
  'quote"in', '"quoted, comma"', '"multi\nline"', '"multi\r\nline"', 'lone\rcr', 'DEL\u007f', '\t', 'tab\tin', ';', '|', 'ok;then',
];

function number(random: Random, min: number, max: number): string {
  const value = random.range(min, max).toFixed(random.int(0, 9));
  return random.next() < 0.9 ? value : random.pick(NUMBERS).replaceAll('{}', value);
}

interface Case {
  header: string[];
  options: Partial<ImportOptions> & { mapping: Mapping };
  /** The fields of a row, by column name. */
  row(i: number, random: Random): Record<string, string>;
}

const point = (random: Random) => ({ lon: number(random, 118.45, 118.9), lat: number(random, 31.98, 32.28) });
const attributes = (random: Random) => random.pick(random.next() < 0.9 ? ATTRIBUTES : ODD_ATTRIBUTES);

const CASES: Case[] = [
  {
    header: ['source_key', 'category', 'lon', 'lat', 'name', 'address', 'phone', 'note'],
    options: { mapping: {} },
    row: (i, r) => ({ source_key: KEYS(i, r), category: r.pick(CATEGORIES), ...point(r), name: attributes(r), address: attributes(r), phone: attributes(r), note: attributes(r) }),
  },
  {
    header: ['编号', '类别', '经度', '纬度', 'name', '地址', '电话'],
    options: { mapping: { lon: '经度', lat: '纬度', sourceKey: '编号', category: '类别', attributes: { 姓名: 'name', addr: '地址', again: 'name', 经度: '经度' }, required: ['姓名'] } },
    row: (i, r) => ({ 编号: KEYS(i, r), 类别: r.pick(CATEGORIES), 经度: point(r).lon, 纬度: point(r).lat, name: attributes(r), 地址: attributes(r), 电话: attributes(r) }),
  },
  {
    // A default category for the rows whose category is empty.
    header: ['key', 'category', 'lng', 'lat', 'name'],
    options: { category: 'RP01', mapping: { required: ['name'] } },
    row: (i, r) => ({ key: KEYS(i, r), category: r.pick(CATEGORIES), lng: point(r).lon, lat: point(r).lat, name: attributes(r) }),
  },
  {
    header: ['key', 'x', 'y', 'name'],
    options: { category: 'FP02', mapping: { delimiter: ';' } },
    row: (i, r) => ({ key: KEYS(i, r), x: point(r).lon, y: point(r).lat, name: attributes(r) }),
  },
  {
    // CGCS2000 Gauss-Krüger (CM 120E) coordinates.
    header: ['id', 'easting', 'northing', 'category', 'name'],
    options: { srid: 4549, mapping: { lon: 'easting', lat: 'northing', delimiter: '|' } },
    row: (i, r) => ({ id: KEYS(i, r), easting: number(r, 360_000, 400_000), northing: number(r, 3_540_000, 3_580_000), category: r.pick(CATEGORIES), name: attributes(r) }),
  },
  {
    header: ['key', 'category', 'lon', 'lat', 'name'],
    options: { srid: 4490, mapping: { delimiter: '\t' } },
    row: (i, r) => ({ key: KEYS(i, r), category: r.pick(CATEGORIES), ...point(r), name: attributes(r) }),
  },
  {
    // Repeated header names: the last of equal names is read (name_2 twice).
    header: ['key', 'category', 'lon', 'lat', 'name', 'name', 'name_2', ' '],
    options: { mapping: {} },
    row: (i, r) => ({ key: KEYS(i, r), category: r.pick(CATEGORIES), ...point(r), name: attributes(r), name_2: attributes(r), ' ': attributes(r) }),
  },
  {
    // No key column: rows are known by a hash of their content (the slow lane's).
    header: ['category', 'lon', 'lat', 'name'],
    options: { mapping: {} },
    row: (_, r) => ({ category: r.pick(CATEGORIES), ...point(r), name: attributes(r) }),
  },
  {
    header: ['key', 'category', 'wkt', 'name'],
    options: { mapping: {} },
    row: (i, r) => ({ key: KEYS(i, r), category: r.pick(CATEGORIES), wkt: `"POINT (${point(r).lon} ${point(r).lat})"`, name: attributes(r) }),
  },
];

function csvFile(c: Case, random: Random, rows: number): Buffer {
  const delimiter = c.options.mapping.delimiter ?? ',';
  let text = random.next() < 0.2 ? '\ufeff' : '';
  if (random.next() < 0.1) text += '\n';
  text += c.header.join(delimiter) + random.pick(LINE_ENDS);
  for (let i = 0; i < rows; i++) {
    const fields = c.row(i, random);
    let values = c.header.map((name) => fields[name] ?? '');
    if (random.next() < 0.03) values = values.slice(0, -1);
    if (random.next() < 0.03) values.push('extra');
    text += values.join(delimiter);
    if (i < rows - 1 || random.next() < 0.7) text += random.pick(LINE_ENDS);
    if (random.next() < 0.03) text += random.pick(['\n', '\r\n', ' \n']);
  }
  return Buffer.from(text);
}

const options = (c: Case): ImportOptions => ({ format: 'csv', encoding: 'auto', srid: 4326, origin: 'cli', ...c.options });

describe('UTF-8 CSV read from its bytes', () => {
  it('gives the rows, rejections and counts of the text reader, on many kinds of lines', async () => {
    const raw = CASES.map(() => 0);
    for (let seed = 1; seed <= 40; seed++) {
      for (const [n, c] of CASES.entries()) {
        const random = new Random(seed * 100 + n);
        raw[n] += await compare(csvFile(c, random, random.int(1, 300)), options(c), random);
      }
    }
    // Many rows are plain enough for the byte-level lane, except without a key or with a geometry column.
    expect(raw.map((n) => n > 500)).toEqual(CASES.map((c) => c.header.includes('key') || c.header.some((h) => /key|id|编号/.test(h)) ? !c.header.includes('wkt') : false));
  }, 120_000);

  it('takes the common rows from the bytes, with identical fields and line numbers', async () => {
    const text = [
      'source_key,category,lon,lat,name,address',
      'A1,RP01,118.7,32.1,张三,南京市浦口区',
      '',
      'A2,户籍人口,118.70001,32.1,,地址',
      'A3,rp01,118.5,32.1,"李,四",',
      'A4,RP01,118.7,32.1,王五,\r',
      'A1,RP01,1.187e2,32.1, 赵六 ,',
    ].join('\n');
    const random = new Random(1);
    expect(await compare(Buffer.from(text), options(CASES[0]), random)).toBe(3);
    const sink = await read(Buffer.from(text), options(CASES[0]), true, [1 << 20], 1 << 20);
    expect(sink.rows?.map((r) => [r[0], r[1], r[2], r[3], r[7]])).toEqual([
      [2, 'RP01', 'A1', 'G5935-1605', '{"name":"张三","address":"南京市浦口区"}'],
      [4, 'RP01', 'A2', 'G5935-1605', '{"address":"地址"}'],
      [5, 'RP01', 'A3', null, '{"name":"李,四"}'],
      [6, 'RP01', 'A4', 'G5935-1605', '{"name":"王五"}'],
      [7, 'RP01', 'A1', 'G5935-1605', '{"name":"赵六"}'],
    ]);
  });

  it('fails as the text reader does', async () => {
    const valid = Buffer.from(`key,category,lon,lat,name\n${'K1,RP01,118.7,32.1,张三\n'.repeat(4000)}`);
    const at = (offset: number, ...inserted: number[]) => Buffer.concat([valid.subarray(0, offset), Buffer.from(inserted), valid.subarray(offset)]);
    const files: [Buffer, Partial<ImportOptions>][] = [
      [Buffer.from(''), {}],
      [Buffer.from('\n\r\n\n'), {}],
      [Buffer.from('\ufeff'), {}],
      [Buffer.from('key,category,lon,lat\n'), {}],
      [Buffer.from('{"key": 1}\n'), {}],
      [Buffer.from('key;category;lon;lat\n1;RP01;118.7;32.1\n'), {}],
      [Buffer.from('key,"category\nRP01,1,2\n'), {}],
      [Buffer.from('key,cat"egory,lon,lat\n'), {}],
      [Buffer.from('key,category,lon,lat\nK1,RP01,118.7,32.1\n'), { mapping: { lon: 'x', lat: 'y' } }],
      [Buffer.from([0xff, 0xfe, 0x6b, 0]), {}],
      [Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), {}],
      [Buffer.from(`a,"${'x'.repeat(100)}`), {}],
      [at(valid.length, 0xe4, 0xb8), { encoding: 'utf-8' }],
      [at(valid.length - 3, 0xff), { encoding: 'utf-8' }],
      [at(70_000, 0xe4, 0x41), {}],
      [at(70_000, 0xed, 0xa0, 0x80), { encoding: 'utf-8' }],
      [at(80_001, 0xf0, 0x9f), {}],
      [at(90_000, 0xc0, 0x80), {}],
      [at(100, 0xc0, 0x80), { encoding: 'utf-8' }],
      [iconv.encode('key,category,lon,lat,name\nK1,RP01,118.7,32.1,张三\n', 'gb18030'), {}],
    ];
    for (const [n, [bytes, extra]] of files.entries()) {
      for (let seed = 1; seed <= 6; seed++) {
        const random = new Random(seed * 1000 + n);
        await compare(bytes, { ...options(CASES[0]), ...extra }, random);
      }
    }
  });
});

describe('SeenKeys over both lanes', () => {
  it('hashes a key given as text and as its UTF-8 bytes alike', () => {
    const random = new Random(3);
    const pieces = ['K', '1', '浦口', '𠮷', 'é', '\ud800', '\udc00', '\u3000', '-', '😀'];
    // (Lone surrogates are written as U+FFFD: keys that differ only there are one key in the database.)
    const generated = Array.from({ length: 5_000 }, () => Array.from({ length: random.int(1, 6) }, () => random.pick(pieces)).join(''));
    const keys = [...new Map(generated.map((key) => [Buffer.from(key).toString('hex'), key])).values()];
    const asText = new SeenKeys();
    const asBytes = new SeenKeys();
    for (const key of keys) {
      const bytes = Buffer.from(`[${key}]`);
      asText.add('RP01', key);
      asBytes.addBytes('RP01', bytes, 1, bytes.length - 1);
    }
    const hashes = (seen: SeenKeys) => {
      const all: string[] = [];
      seen.forEachHash((a, b) => void all.push(`${a}:${b}`));
      return all;
    };
    expect(hashes(asBytes)).toEqual(hashes(asText));
    expect(new Set(hashes(asText)).size).toBe(keys.length);
    expect(asText.repeated || asBytes.repeated).toBe(false);
    // Seen once in each lane: repeated either way round.
    const bytes = Buffer.from(keys[7]);
    asText.addBytes('RP01', bytes, 0, bytes.length);
    asBytes.add('RP01', keys[9]);
    expect([asText.repeated, asBytes.repeated]).toEqual([true, true]);
  });
});

describe('imports: UTF-8 CSV read from its bytes', () => {
  it('lands rows of both lanes, and a key repeated across them is a duplicate', async () => {
    const { inside } = await kit.places();
    const [a, b] = inside;
    const { rows: named } = await kit.t.db.pool.query<{ name_zh: string }>(`SELECT name_zh FROM category WHERE code = 'RP01'`);
    const text = [
      'key,category,lon,lat,name',
      `bytes-1,RP01,${a.lon},${a.lat},张三`, // 2: from the bytes, replaced by line 4
      `bytes-2,RP01,${a.lon},${a.lat}, 李四 `, // 3: as text (padded), replaced by line 6
      `bytes-1,RP01,${b.lon},${b.lat},"王五"`, // 4: as text (quoted)
      `bytes-3,${named[0].name_zh},${b.lon},${b.lat},赵六`, // 5: from the bytes (the category by its Chinese name)
      `bytes-2,rp01,${b.lon},${b.lat},钱七`, // 6: from the bytes
    ].join('\r\n');
    const { status, body } = await post('format=csv', text);
    expect(status).toBe(201);
    expect(body.counts).toMatchObject({ read: 5, accepted: 5, rejected: 2, inserted: 3 });
    expect(body.rejections.first.map((r: any) => [r.line, r.reason.split(' (')[0]])).toEqual([
      [2, 'duplicate source key bytes-1'],
      [3, 'duplicate source key bytes-2'],
    ]);
    const rows = await kit.entities('bytes-');
    expect(rows.map((r) => [r.source_key, r.category_code, r.grid_code, r.attrs.name])).toEqual([
      ['bytes-1', 'RP01', b.grid, '王五'],
      ['bytes-2', 'RP01', b.grid, '钱七'],
      ['bytes-3', 'RP01', b.grid, '赵六'],
    ]);
    expect(rows.map((r) => r.h3_r10)).toEqual(rows.map(() => BigInt('0x' + latLngToCell(b.lat, b.lon, 10)).toString()));
  });
});
