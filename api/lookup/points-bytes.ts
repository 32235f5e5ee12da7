/**
 * The batch body of the common shape, `{"points":[[lon,lat],...]}` (JSON whitespace anywhere),
 * read from its bytes straight into a Float64Array of lon, lat pairs. Why a reader of our own:
 * for 100,000 points, UTF-8 decoding, the nesting scan, JSON.parse and the 100,000 small arrays
 * it builds took about 50 ms of server CPU per batch, and their garbage more.
 * It only ever accepts: a body of any other shape (other or repeated keys, numbers JSON does
 * not allow, values out of range, too many points, bytes that are not ASCII) gives null, and
 * the general path (parseJson, then parsePointsBody) reads it and answers as it always has,
 * so what is accepted, and every refusal and its message, are unchanged.
 */
import { MAX_BATCH_POINTS } from './points.ts';

const SPACE = 0x20, TAB = 0x09, LF = 0x0a, CR = 0x0d;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c, COLON = 0x3a, MINUS = 0x2d, PLUS = 0x2b, DOT = 0x2e, ZERO = 0x30, NINE = 0x39;
const KEY = '"points"';

const isDigit = (b: number) => b >= ZERO && b <= NINE;

/** Node's Buffer method behind toString('latin1', start, end), without its argument checks (not in @types/node). */
interface Latin1Slice {
  latin1Slice(start: number, end: number): string;
}

/** The index of the first byte at or after `at` that is not JSON whitespace. */
function skipSpace(bytes: Uint8Array, at: number): number {
  for (;;) {
    const b = bytes[at];
    if (b !== SPACE && b !== LF && b !== CR && b !== TAB) return at;
    at++;
  }
}

/** The end of the JSON number that starts at `at`, or -1 when none does. */
function numberEnd(bytes: Uint8Array, at: number): number {
  if (bytes[at] === MINUS) at++;
  if (bytes[at] === ZERO) at++;
  else if (isDigit(bytes[at])) while (isDigit(bytes[at])) at++;
  else return -1;
  if (bytes[at] === DOT) {
    if (!isDigit(bytes[++at])) return -1;
    while (isDigit(bytes[at])) at++;
  }
  if ((bytes[at] | 0x20) === 0x65) {
    at++;
    if (bytes[at] === PLUS || bytes[at] === MINUS) at++;
    if (!isDigit(bytes[at])) return -1;
    while (isDigit(bytes[at])) at++;
  }
  return at;
}

/** [lon, lat, lon, lat, …] of a body of the common shape with every point valid, else null. */
export function readPointsBytes(bytes: Uint8Array): Float64Array | null {
  // Each number's text, which Number() reads as JSON.parse would. Not one string of the whole
  // body: that (4 MB for 100,000 points) went to V8's old generation and brought on a full
  // mark-compact nearly every batch.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Buffer & Latin1Slice;
  // Clamped: a body cut short (`{"poi`) must read as "not this shape", not throw.
  const text = (start: number, end: number) => buffer.latin1Slice(Math.min(start, buffer.length), Math.min(end, buffer.length));
  let at = skipSpace(bytes, 0);
  if (bytes[at] !== OPEN_BRACE) return null;
  at = skipSpace(bytes, at + 1);
  if (text(at, at + KEY.length) !== KEY) return null;
  at = skipSpace(bytes, at + KEY.length);
  if (bytes[at] !== COLON) return null;
  at = skipSpace(bytes, at + 1);
  if (bytes[at] !== OPEN_BRACKET) return null;
  at = skipSpace(bytes, at + 1);
  // Each point takes at least 6 bytes ("[0,0],"): room for all there can be, up to the limit.
  const room = Math.min(MAX_BATCH_POINTS, Math.ceil(bytes.length / 6));
  const out = new Float64Array(room * 2);
  let n = 0;
  if (bytes[at] === CLOSE_BRACKET) at++;
  else {
    for (;;) {
      if (n === room || bytes[at] !== OPEN_BRACKET) return null;
      let start = skipSpace(bytes, at + 1);
      at = numberEnd(bytes, start);
      if (at < 0) return null;
      const lon = Number(text(start, at));
      at = skipSpace(bytes, at);
      if (bytes[at] !== COMMA) return null;
      start = skipSpace(bytes, at + 1);
      at = numberEnd(bytes, start);
      if (at < 0) return null;
      const lat = Number(text(start, at));
      at = skipSpace(bytes, at);
      if (bytes[at] !== CLOSE_BRACKET || !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) return null;
      out[2 * n] = lon;
      out[2 * n + 1] = lat;
      n++;
      at = skipSpace(bytes, at + 1);
      if (bytes[at] === CLOSE_BRACKET) break;
      if (bytes[at] !== COMMA) return null;
      at = skipSpace(bytes, at + 1);
    }
    at++;
  }
  at = skipSpace(bytes, at);
  if (bytes[at] !== CLOSE_BRACE) return null;
  return skipSpace(bytes, at + 1) === bytes.length ? out.subarray(0, 2 * n) : null;
}
