/**
 * Form bodies (multipart/form-data and application/x-www-form-urlencoded) and query strings
 * read as strictly as JSON bodies (json.ts): text that is not UTF-8 is refused, naming the
 * field, where the platform's parsers would put U+FFFD in its place (or, for Hono's query(),
 * keep the escapes as they are). NUL is left to parseWith, as for JSON.
 */
import type { HonoRequest, MiddlewareHandler } from 'hono';
import type { BodyData } from 'hono/utils/body';
import { badRequest } from './problem.ts';

type Where = 'body' | 'query';

const notUtf8 = (field: string, where: Where = 'body') =>
  badRequest(`invalid ${where}: ${field}: not valid UTF-8`, { errors: [{ field, message: 'not valid UTF-8' }] });

/**
 * A multipart body's fields (repeated names as arrays) and files. The parser (undici's) decodes
 * each text field with replacement and gives no way to be strict, so a field holding U+FFFD is
 * looked for in the raw body as UTF-8: a client that sent a real U+FFFD sent those bytes, and
 * bytes that were replaced do not encode back to themselves.
 */
export async function readMultipart(req: HonoRequest): Promise<BodyData<{ all: true }>> {
  // Read first: parseBody then parses these cached bytes rather than the stream.
  const raw = Buffer.from(await req.arrayBuffer());
  const form = await req.parseBody({ all: true }).catch(() => {
    throw badRequest('the multipart body could not be read');
  });
  for (const [name, value] of Object.entries(form)) {
    for (const item of [value].flat()) {
      if (typeof item === 'string' && item.includes('\ufffd') && raw.indexOf(Buffer.from(item)) === -1) throw notUtf8(name);
    }
  }
  return form;
}

/** A run of percent-escapes: a character's UTF-8 bytes are always escaped together. */
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Name–value pairs of an urlencoded body (already decoded as UTF-8: see decodeUtf8), decoded as URLSearchParams decodes them (`+` is a
 * space, a `%` not followed by two hex digits stays as it is), except that escapes which are
 * not UTF-8 are refused instead of becoming U+FFFD.
 */
export function parseUrlEncoded(text: string, where: Where = 'body'): [string, string][] {
  const pairs: [string, string][] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const [name, value] = at === -1 ? [part, ''] : [part.slice(0, at), part.slice(at + 1)];
    const decodedName = decodeComponent(name, where, where);
    pairs.push([decodedName, decodeComponent(value, decodedName, where)]);
  }
  return pairs;
}

function decodeComponent(text: string, field: string, where: Where): string {
  try {
    return text.replaceAll('+', ' ').replace(ESCAPES, (escapes) => decodeURIComponent(escapes));
  } catch {
    throw notUtf8(field, where);
  }
}

/** Refuses a query string whose escapes are not UTF-8, before any route reads it. */
export const strictQuery: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  const start = url.indexOf('?');
  if (start !== -1 && url.includes('%', start)) parseUrlEncoded(url.slice(start + 1), 'query');
  await next();
};
