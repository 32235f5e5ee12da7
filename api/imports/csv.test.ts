import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Random } from '../../seeds/random.ts';
import { readCsv } from './csv.ts';

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

/** Reads `text` in random chunks; returns the records after the header, with their lines, and the errors. */
async function readInChunks(text: string, random: Random) {
  // Cut between characters, as the decoder hands text on.
  const characters = Array.from(text);
  async function* chunks() {
    for (let at = 0; at < characters.length; ) {
      const size = 1 + Math.floor(random.next() * 30);
      yield characters.slice(at, at + size).join('');
      at += size;
    }
  }
  const out: { fields: string[]; line: number }[] = [];
  const errors: string[] = [];
  for await (const event of readCsv(chunks())) {
    if ('columns' in event) {
      out.push({ fields: event.columns, line: 1 });
      continue;
    }
    for (const r of event.records) out.push({ fields: r.value as string[], line: r.line });
    for (const e of event.errors) errors.push(`${e.line}: ${e.reason}`);
  }
  return { out, errors };
}

/** The records and errors of a whole text, in line order. */
async function readAll(text: string) {
  const records: string[] = [];
  const errors: string[] = [];
  for await (const event of readCsv((async function* () { yield text; })())) {
    if ('columns' in event) continue;
    for (const r of event.records) records.push(`${r.line}: ${(r.value as string[]).join('|')}`);
    for (const e of event.errors) errors.push(`${e.line}: ${e.reason}`);
  }
  return { records, errors: errors.sort((a, b) => parseInt(a) - parseInt(b)) };
}

describe('CSV reading', () => {
  it('gives the records of random files cut into random chunks, with the line each starts on', async () => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = new Random(seed);
      const { text, records } = randomCsv(random);
      // The header names the columns: only the first record's width counts.
      const width = records[0].fields.length;
      const { out, errors } = await readInChunks(text, random);
      const header = records[0].fields.map((f, i) => f.trim() || `column_${i + 1}`);
      if (new Set(header).size !== header.length || width === 1) continue;
      expect(out.slice(1)).toEqual(records.slice(1).filter((r) => r.fields.length === width));
      expect(errors).toHaveLength(records.filter((r) => r.fields.length !== width).length);
      const oracle = parse(text, { relax_column_count: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n'] }) as string[][];
      expect(out.slice(1).map((r) => r.fields)).toEqual(oracle.slice(1).filter((r) => r.length === width));
    }
  });

  it('reports malformed quotes for their record and goes on', async () => {
    const text = 'a,b\n"x"y,1\nok,2\nab"c,3\nd"\n\n"two\nlines",4\nlast,4\n"open,5\n';
    expect(await readAll(text)).toEqual({
      records: ['3: ok|2', '7: two\nlines|4', '9: last|4'],
      errors: [
        '2: malformed CSV: text after the closing quote of field 1',
        '4: malformed CSV: a quote inside field 1 that does not start with one',
        '5: malformed CSV: a quote inside field 1 that does not start with one',
        '10: malformed CSV: a quoted field is not closed before the end of the file',
      ],
    });
  });
});
