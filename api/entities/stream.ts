/** Text produced piece by piece (an export, a report) as a byte stream for a response body, pulled as the client reads. */
import { Readable } from 'node:stream';

export function byteStream(pieces: AsyncIterable<string>): ReadableStream<Uint8Array> {
  async function* bytes() {
    for await (const piece of pieces) if (piece.length > 0) yield Buffer.from(piece, 'utf8');
  }
  return Readable.toWeb(Readable.from(bytes(), { objectMode: false })) as ReadableStream<Uint8Array>;
}
