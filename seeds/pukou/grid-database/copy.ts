/**
 * The real-PostgreSQL path: rows encoded as COPY text lines and streamed with
 * pg-copy-streams. The row generator is pulled only as fast as the server takes the data
 * (Readable.from honours backpressure), so memory stays flat at any scale.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ComponentRow, EntityRow } from './generate.ts';

/** Rows per chunk handed to the stream: ~100 kB strings, few enough calls, small enough buffers. */
const ROWS_PER_CHUNK = 500;

// Hex EWKB of a point with SRID 4326: byte order, type (point | SRID flag), SRID, x, y.
const POINT_PREFIX = '0101000020e6100000';
const coordinates = Buffer.alloc(16);

export function pointEwkb(lng: number, lat: number): string {
  coordinates.writeDoubleLE(lng, 0);
  coordinates.writeDoubleLE(lat, 8);
  return POINT_PREFIX + coordinates.toString('hex');
}

/** COPY text format: backslash, tab, newline and carriage return must be escaped. */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r'))
    : value;
}

export function entityLine(row: EntityRow): string {
  return `${row.id}\t${row.categoryCode}\t${copyText(row.sourceKey)}\t${row.gridCode}\t${pointEwkb(row.lng, row.lat)}\t${row.h3r10}\t${copyText(row.attrs)}\n`;
}

export function componentLine(row: ComponentRow): string {
  return `${row.entityId}\t${row.componentId}\t${row.classCode}\t${row.state}\t${row.stateChangedAt ?? '\\N'}\n`;
}

function* chunks<T>(rows: Iterable<T>, line: (row: T) => string, onRows: (count: number) => void): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    chunk += line(row);
    if (++count === ROWS_PER_CHUNK) {
      yield chunk;
      onRows(count);
      chunk = '';
      count = 0;
    }
  }
  if (count > 0) {
    yield chunk;
    onRows(count);
  }
}

/** Streams `rows` into the table of `copySql` (a COPY ... FROM STDIN); `onRows` after each chunk. */
export async function copyRows<T>(
  client: pg.ClientBase,
  copySql: string,
  rows: Iterable<T>,
  line: (row: T) => string,
  onRows: (count: number) => void = () => {},
): Promise<void> {
  await pipeline(Readable.from(chunks(rows, line, onRows), { objectMode: false }), client.query(copyFrom(copySql)));
}
