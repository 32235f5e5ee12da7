import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { BlockSplitter } from './blocks.ts';
import { parseCsvBlock } from './csv.ts';

const PIECES = ['a', 'bc', '浦口', '江浦街道', ',', '"', '\n', '\r\n', ' ', '123.45', '𠮷', ''];

/** A random CSV file (RFC 4180 quoting, mixed line endings) and the records it holds, with their first lines. */
function randomCsv(random: Random) {
  const records: { fields: string[]; line: number }[] = [];
  let text = '';
  let line = 1;
  const count = 1 + Math.floor(random.next() * 60);
  for (let r = 0; r < count; r++) {
    const fields = Array.from({ length: 2 + Math.floor(random.next() * 4) }, () =>
      Array.from({ length: Math.floor(random.next() * 4) }, () => PIECES[Math.floor(random.next() * PIECES.length)]).join(''),
    );
    records.push({ fields, line });
    const encoded = fields.map((f) => (/[",\r\n]/.test(f) || random.next() < 0.1 ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
    const ending = random.next() < 0.5 ? '\n' : '\r\n';
    text += encoded + ending;
    line += (encoded.match(/\n/g)?.length ?? 0) + 1;
    if (random.next() < 0.05) {
      text += '\n'; // an empty line, skipped
      line++;
    }
  }
  return { text, records };
}

function parseInChunks(text: string, random: Random) {
  const splitter = new BlockSplitter(true, 1 + Math.floor(random.next() * 40));
  const out: { fields: string[]; line: number }[] = [];
  const errors: string[] = [];
  const take = (block: { text: string; firstLine: number } | null) => {
    if (block) parseCsvBlock(block, ',', (fields, line) => out.push({ fields, line }), (line, reason) => errors.push(`${line}: ${reason}`));
  };
  for (let at = 0; at < text.length; ) {
    const size = 1 + Math.floor(random.next() * 30);
    take(splitter.push(text.slice(at, at + size)));
    at += size;
  }
  take(splitter.end());
  return { out, errors };
}

describe('CSV parsing', () => {
  it('agrees with csv-parse on random files cut into random chunks, and numbers lines', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = new Random(seed);
      const { text, records } = randomCsv(random);
      const { out, errors } = parseInChunks(text, random);
      expect(errors).toEqual([]);
      expect(out).toEqual(records);
      const oracle = parse(text, { relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
      expect(out.map((r) => r.fields)).toEqual(oracle);
    }
  });

  it('reports malformed quotes for their record and goes on', () => {
    const text = 'a,b\n"x"y,1\nok,2\nab"c,3\nd"\nlast,4\n"open,5\n';
    const records: string[] = [];
    const errors: string[] = [];
    parseCsvBlock({ text, firstLine: 1 }, ',', (fields, line) => records.push(`${line}: ${fields.join('|')}`), (line, reason) => errors.push(`${line}: ${reason}`));
    expect(records).toEqual(['1: a|b', '3: ok|2', '6: last|4']);
    expect(errors).toEqual([
      '2: malformed CSV: text after the closing quote of field 1',
      '4: malformed CSV: a quote inside field 1 that does not start with one',
      '7: malformed CSV: a quoted field is not closed before the end of the file',
    ]);
  });

  it('cuts blocks only between records', () => {
    const splitter = new BlockSplitter(true, 4);
    expect(splitter.push('a,"b\nc"\nd,e\n"f')).toEqual({ text: 'a,"b\nc"\nd,e\n', firstLine: 1 });
    expect(splitter.push('\ng",h\n')).toEqual({ text: '"f\ng",h\n', firstLine: 4 });
    expect(splitter.end()).toBeNull();
  });
});

describe('SeenKeys', () => {
  it('tells a file that repeats a key from one that does not, keys in any order, across growth', async () => {
    const { SeenKeys } = await import('./seen-keys.ts');
    const seen = new SeenKeys();
    // key-10 comes before key-2 in byte order: out of order from the eleventh key on.
    for (let i = 0; i < 200_000; i++) seen.add('RP01', `key-${i}`);
    expect(seen.repeated).toBe(false);
    seen.add('RP02', 'key-7');
    expect(seen.repeated).toBe(false);
    seen.add('RP01', 'key-123456');
    expect(seen.repeated).toBe(true);
    expect(seen.size).toBe(200_002);
  });

  it('finds a repeat when each category came in key order until then, wherever the repeat falls', async () => {
    const { SeenKeys } = await import('./seen-keys.ts');
    // Each category ascending in byte order, the categories interleaved; then a repeat.
    const ordered = (seen: InstanceType<typeof SeenKeys>) => {
      for (let i = 0; i < 50_000; i++) {
        seen.add('RP01', `K${String(i).padStart(6, '0')}`);
        if (i % 3 === 0) seen.add('LE01', `${i}`.padStart(8, '0') + '浦');
      }
      expect(seen.repeated).toBe(false);
      expect(seen.size).toBe(50_000 + 16_667);
    };
    for (const [category, key] of [['RP01', 'K000000'], ['RP01', 'K049999'], ['LE01', '00049998浦'], ['LE01', '00000000浦']]) {
      const seen = new SeenKeys();
      ordered(seen);
      seen.add(category, key);
      expect(seen.repeated).toBe(true);
    }
    // Out of order but new: no repeat; a later repeat is still found, also after the check.
    const seen = new SeenKeys(10);
    ordered(seen);
    seen.add('RP01', 'A');
    seen.add('RP01', 'K');
    expect(seen.repeated).toBe(false);
    seen.add('LE01', '00012345浦');
    expect(seen.repeated).toBe(true);
    expect(seen.size).toBe(50_000 + 16_667 + 3);
  });

  it('takes a key that extends the last one as coming after it, and a prefix of it as not', async () => {
    const { SeenKeys } = await import('./seen-keys.ts');
    const seen = new SeenKeys();
    seen.add('RP01', 'K1');
    seen.add('RP01', 'K10');
    expect(seen.repeated).toBe(false);
    seen.add('RP01', 'K1');
    expect(seen.repeated).toBe(true);
  });
});
