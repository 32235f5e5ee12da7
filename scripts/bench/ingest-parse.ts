/**
 * The Node side of an import, without a database (`npm run bench:parse -- [--rows 1000000]`):
 * bytes → validated rows with grid and H3 → binary COPY bytes (then discarded), read as
 * runImport reads them (api/imports/read.ts), once from the bytes (UTF-8 CSV's byte-level lane)
 * and once from decoded text (the path every other file takes; --bytes-only skips it). The CSV is that of
 * bench:ingest (ingest-csv.ts), read in 1 MB chunks as scripts/import.ts reads it, kept in the temporary directory and reused; the grids and the
 * district come from the generated network, as the seed loads them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../../api/config.ts';
import { BinaryRows, FLUSH_BYTES } from '../../api/imports/copy-rows.ts';
import { readRows, type ReadJob, type ReadReference } from '../../api/imports/read.ts';
import type { RecordError } from '../../api/imports/records.ts';
import { CategoryIndex, type JsonBytes, type StagedRowSink } from '../../api/imports/rows.ts';
import type { ImportOptions } from '../../api/imports/schema.ts';
import { SeenKeys } from '../../api/imports/seen-keys.ts';
import { PointLocator } from '../../api/lookup/point-locator.ts';
import { gridDatabaseCategories } from '../../seeds/pukou/grid-database/categories.ts';
import { generateNetwork } from '../../seeds/pukou/network.ts';
import { writeIngestCsv } from './ingest-csv.ts';
import { printTable } from './report.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, 'bytes-only': { type: 'boolean', default: false } } });
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer, got ${values.rows}`);
const log = (message: string) => console.log(`[bench:parse] ${message}`);

const file = path.join(os.tmpdir(), `lianqin-ingest-${rows}.csv`);
if (fs.existsSync(file)) {
  log(`reusing ${file}`);
} else {
  log(`generating ${rows.toLocaleString('en')} rows into ${file}…`);
  const partial = `${file}.${process.pid}.part`;
  await writeIngestCsv(partial, rows, config.seed);
  fs.renameSync(partial, file);
}
const bytes = fs.statSync(file).size;

/** What the pipeline's sink does per row, minus the database: note the key, encode the row. */
class DiscardingSink implements StagedRowSink {
  readonly keys = new SeenKeys();
  private readonly encoded = new BinaryRows();

  add(line: number, category: string, key: string, grid: string | null, lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: string): void {
    this.keys.add(category, key);
    this.encoded.row(line, category, key, grid, lon, lat, h3, h3At, attrs);
  }

  addRaw(
    line: number, category: string, source: Buffer, keyStart: number, keyEnd: number, grid: string | null,
    lon: number, lat: number, h3: Uint32Array, h3At: number, attrs: JsonBytes,
  ): void {
    this.keys.addBytes(category, source, keyStart, keyEnd);
    this.encoded.rowRaw(line, category, source, keyStart, keyEnd, grid, lon, lat, h3, h3At, attrs);
  }

  drain(): void {
    if (this.encoded.size >= FLUSH_BYTES) this.encoded.take();
  }
}

function reference(): ReadReference {
  const network = generateNetwork(config.seed);
  // As GridIndex loads them: in code order, so a point on a shared edge goes to the lowest code.
  const grids = [...network.grids].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const locator = new PointLocator(grids.map((g) => g.geometry.coordinates));
  const district = network.divisions.find((d) => d.level === 'district')!;
  const points = district.geometry.coordinates.flat(2);
  // The pipeline's margin around the district's bounding box (pipeline.ts, EXTENT_MARGIN).
  const margin = 0.01;
  return {
    categories: new CategoryIndex(gridDatabaseCategories().map((c) => ({ code: c.code, name_zh: c.nameZh }))),
    extent: {
      name: district.name,
      minLon: Math.min(...points.map((p) => p[0])) - margin,
      minLat: Math.min(...points.map((p) => p[1])) - margin,
      maxLon: Math.max(...points.map((p) => p[0])) + margin,
      maxLat: Math.max(...points.map((p) => p[1])) + margin,
    },
    locate: (lon, lat) => {
      const i = locator.locate(lon, lat);
      return i < 0 ? null : grids[i].code;
    },
  };
}

const options: ImportOptions = { format: 'csv', encoding: 'auto', srid: 4326, mapping: {}, origin: 'cli' };
const ref = reference();

async function run(fromBytes: boolean) {
  const job: ReadJob = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsOutsideGrid: 0, detectedEncoding: null };
  const rejected: RecordError[] = [];
  const sink = new DiscardingSink();
  const started = performance.now();
  const cpu = process.cpuUsage();
  for await (const _block of readRows(fs.createReadStream(file, { highWaterMark: 1 << 20 }), options, ref, sink, job, rejected, { fromBytes })) {
    sink.drain();
    rejected.length = 0;
  }
  const seconds = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (user + system) / 1e6, job };
}

// --bytes-only skips the text lane (for profiling the fast one).
const bytesOnly = values['bytes-only'];
log(`${(bytes / 1048576).toFixed(0)} MB, ${rows.toLocaleString('en')} rows; reading from bytes${bytesOnly ? '' : ', then as text'}…`);
const fast = await run(true);
const text = bytesOnly ? null : await run(false);
for (const { job } of text ? [fast, text] : [fast]) {
  if (job.rowsAccepted !== (text ?? fast).job.rowsAccepted || job.rowsRead !== rows) {
    throw new Error(`the two reads differ or miss rows: ${JSON.stringify([fast.job, text?.job])}`);
  }
}
// CPU time (of every thread of the process) counts what the reading costs on a machine busy with other work too.
const line = (name: string, r: typeof fast) => [name, r.seconds, rows / r.seconds, (r.seconds * 1e6) / rows, (r.cpuSeconds * 1e6) / rows, (bytes / 1048576 / r.seconds).toFixed(0)];
printTable(['read', 'seconds', 'rows/s', 'µs/row', 'CPU µs/row', 'MB/s'], [line('from bytes (fast lane)', fast), ...(text ? [line('as text', text)] : [])]);
const counts = `accepted ${fast.job.rowsAccepted.toLocaleString('en')}, outside every grid ${fast.job.rowsOutsideGrid.toLocaleString('en')}`;
console.log(text ? `\nfrom bytes / as text: ${(text.seconds / fast.seconds).toFixed(2)}× (${counts})` : `\n${counts}`);
