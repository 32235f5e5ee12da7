/**
 * Bytes → text for an import, streamed chunk by chunk. `auto` reads UTF-8 unless the first
 * 64 kB are not valid UTF-8, then GB18030 (a superset of GBK and GB2312, which Chinese office
 * software often writes). A UTF-8 byte-order mark is dropped. Invalid UTF-8 fails the import
 * instead of turning into U+FFFD; undecodable GB18030 bytes become U+FFFD and the rows holding
 * them are rejected (see rows.ts).
 */
import iconv from 'iconv-lite';
import type { Encoding } from './schema.ts';
import { ImportInputError } from './errors.ts';

export type DetectedEncoding = 'utf-8' | 'gbk' | 'gb18030';

/** How much of the file the choice of encoding looks at. */
const SNIFF_BYTES = 64 * 1024;

interface ChunkDecoder {
  write(chunk: Uint8Array): string;
  end(): string;
}

function utf8Decoder(): ChunkDecoder {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  const decode = (chunk?: Uint8Array) => {
    try {
      const text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      bytes += chunk?.length ?? 0;
      return text;
    } catch {
      throw new ImportInputError(
        `the file is not valid UTF-8 (at or after byte ${bytes.toLocaleString('en')}); if it was saved by Chinese office software, import it with encoding=gb18030`,
      );
    }
  };
  return { write: (chunk) => decode(chunk), end: () => decode() };
}

function gbDecoder(name: 'gbk' | 'gb18030'): ChunkDecoder {
  const decoder = iconv.getDecoder(name);
  return { write: (chunk) => decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length)), end: () => decoder.end() ?? '' };
}

/** Refuses what is clearly not text, with a hint the operator can act on. */
function refuseBinary(head: Uint8Array): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new ImportInputError('the file is UTF-16 text, which is not supported: save it as UTF-8 (or GB18030) and import again');
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new ImportInputError('the file is a ZIP archive (an Excel .xlsx workbook?): save the sheet as CSV and import that');
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    throw new ImportInputError('the file is an Excel .xls workbook: save the sheet as CSV and import that');
  }
}

/** The encoding to read with, from the request and the first SNIFF_BYTES of the file. */
function chooseEncoding(requested: Encoding, head: Uint8Array): DetectedEncoding {
  if (requested !== 'auto') return requested;
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (bom) return 'utf-8';
  try {
    utf8Decoder().write(head);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

function open(encoding: DetectedEncoding): ChunkDecoder {
  return encoding === 'utf-8' ? utf8Decoder() : gbDecoder(encoding);
}

/**
 * Decodes `source` as text. `onOpen` learns the encoding once the first 64 kB (or the whole
 * file, if smaller) have been seen.
 */
export async function* decodeText(
  source: AsyncIterable<Uint8Array>,
  requested: Encoding,
  onOpen: (encoding: DetectedEncoding) => void = () => {},
): AsyncGenerator<string> {
  let decoder: ChunkDecoder | null = null;
  let head: Uint8Array[] = [];
  let headBytes = 0;
  const start = (): string => {
    const bytes = Buffer.concat(head);
    head = [];
    refuseBinary(bytes);
    const encoding = chooseEncoding(requested, bytes);
    onOpen(encoding);
    decoder = open(encoding);
    return decoder.write(bytes);
  };
  for await (const chunk of source) {
    if (decoder) {
      const text: string = (decoder as ChunkDecoder).write(chunk);
      if (text) yield text;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= SNIFF_BYTES) {
      const text = start();
      if (text) yield text;
    }
  }
  if (!decoder) {
    const text = start();
    if (text) yield text;
  }
  const rest = (decoder as ChunkDecoder | null)?.end() ?? '';
  if (rest) yield rest;
}
