/**
 * The reading half of an import: bytes → records → validated rows in the sink, one block at a
 * time. UTF-8 CSV (nearly every large file) is read from its bytes (csv-bytes.ts), so its
 * common rows are never decoded to strings; GB18030 text and the JSON formats are decoded
 * (decode.ts) and read by their format reader (formats.ts). Both give the same rows, rejections
 * and counts.
 */
import { ByteBlockSplitter } from './byte-blocks.ts';
import { Utf8CsvReader, type ReadCounts } from './csv-bytes.ts';
import { chooseEncoding, decodeText, refuseBinary, SNIFF_BYTES, type DetectedEncoding } from './decode.ts';
import { FORMATS } from './formats.ts';
import type { Extent } from './geometry.ts';
import { resolveMapping } from './mapping.ts';
import type { RecordError, SourceRecord } from './records.ts';
import { RowProcessor, type CategoryIndex, type StagedRowSink } from './rows.ts';
import type { ImportOptions } from './schema.ts';

export interface ReadReference {
  categories: CategoryIndex;
  extent: Extent;
  /** Grid code of the current grid holding the point, or null. */
  locate(lon: number, lat: number): string | null;
}

/** The job's fields the reading keeps up to date. */
export interface ReadJob extends ReadCounts {
  detectedEncoding: string | null;
  rowsOutsideGrid: number;
}

export interface ReadOptions {
  /** False: UTF-8 CSV is decoded and read as text too (the reference the byte-level reader is checked against). */
  fromBytes?: boolean;
  /** The smallest block of bytes read at a time (tests make it small, to cut files into many blocks). */
  blockBytes?: number;
}

/**
 * Reads `body` into `sink`, counting into `job` and collecting rejections into `rejected`;
 * yields after each block, so the caller can write, flush and report between blocks.
 */
export async function* readRows(
  body: AsyncIterable<Uint8Array>,
  options: ImportOptions,
  reference: ReadReference,
  sink: StagedRowSink,
  job: ReadJob,
  rejected: RecordError[],
  { fromBytes = true, blockBytes }: ReadOptions = {},
): AsyncGenerator<void> {
  let processor: RowProcessor | null = null;
  const makeProcessor = (columns: string[], csv: boolean) =>
    new RowProcessor(resolveMapping(options.mapping, columns, options.format, options.category), csv ? columns : null, {
      categories: reference.categories,
      defaultCategory: options.category,
      srid: options.srid,
      extent: reference.extent,
      locate: reference.locate,
      rejectUndecodable: job.detectedEncoding !== 'utf-8',
    }, sink);
  const onOpen = (encoding: DetectedEncoding) => (job.detectedEncoding = encoding);

  async function* fromText(source: AsyncIterable<Uint8Array>): AsyncGenerator<void> {
    const text = decodeText(source, options.encoding, onOpen);
    for await (const event of FORMATS[options.format](text, { delimiter: options.mapping.delimiter })) {
      if ('columns' in event) {
        processor = makeProcessor(event.columns, true);
        continue;
      }
      processRecords(event.records, event.errors, job, rejected, (record) => (processor ??= makeProcessor(Object.keys(record.value), false)));
      job.rowsOutsideGrid = processor?.outsideGrid ?? 0;
      yield;
    }
  }

  async function* fromUtf8Bytes(source: AsyncIterable<Uint8Array>): AsyncGenerator<void> {
    const reader = new Utf8CsvReader(options.mapping.delimiter ?? ',', (columns) => (processor = makeProcessor(columns, true)), job, rejected);
    const splitter = new ByteBlockSplitter(() => reader.line, blockBytes);
    for await (const chunk of source) {
      const block = splitter.push(chunk);
      if (!block) continue;
      reader.block(block);
      job.rowsOutsideGrid = processor?.outsideGrid ?? 0;
      yield;
    }
    const last = splitter.end();
    if (last) reader.block(last);
    reader.end();
    job.rowsOutsideGrid = processor?.outsideGrid ?? 0;
    if (last) yield;
  }

  if (options.format !== 'csv' || !fromBytes) {
    yield* fromText(body);
    return;
  }
  const iterator = body[Symbol.asyncIterator]();
  try {
    // decode.ts's choice of encoding, made here so that UTF-8 need not be decoded.
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    while (size < SNIFF_BYTES && !done) {
      const next = await iterator.next();
      if (next.done) done = true;
      else {
        chunks.push(next.value);
        size += next.value.length;
      }
    }
    const head = Buffer.concat(chunks);
    refuseBinary(head);
    // The decoder and the splitter see the chunks the text reader's decoder would, so report the same byte offsets.
    const rest = replay(head, iterator, done);
    if (chooseEncoding(options.encoding, head) === 'utf-8') {
      onOpen('utf-8');
      yield* fromUtf8Bytes(rest);
    } else {
      yield* fromText(rest);
    }
  } finally {
    // Ends the body (an upload, a file) when reading stops early, as for-await does.
    await iterator.return?.();
  }
}

/** The head that was read to choose the encoding, then the rest of the body. */
async function* replay(head: Buffer, iterator: AsyncIterator<Uint8Array>, done: boolean): AsyncGenerator<Uint8Array> {
  if (head.length > 0) yield head;
  if (done) return;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}

function processRecords(
  records: SourceRecord[],
  errors: RecordError[],
  job: ReadJob,
  rejected: RecordError[],
  processorFor: (first: SourceRecord) => RowProcessor,
): void {
  for (const record of records) {
    const reason = processorFor(record).process(record);
    if (reason === null) {
      job.rowsAccepted++;
    } else {
      rejected.push({ line: record.line, reason, raw: record.raw });
      job.rowsRejected++;
    }
  }
  for (const error of errors) rejected.push(error);
  job.rowsRejected += errors.length;
  job.rowsRead += records.length + errors.length;
}
