/**
 * The one reader of JSON request bodies: the bytes must be UTF-8 (a decoder that replaces bad
 * bytes would store U+FFFD in place of what the client meant), and nesting is bounded before
 * JSON.parse builds anything, because a deeply nested value overflows recursive code further
 * on (zod, pg, PostgreSQL's jsonb). Failures are 400 problems.
 */
import { badRequest } from './problem.ts';

/** No request of this API nests deeper than a handful of levels; 32 leaves room for any client's wrapping. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 123;
const OPEN_BRACKET = 91;
const CLOSE_BRACE = 125;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;

/** Decodes a request body as UTF-8, strictly. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('the request body is not valid UTF-8', { errors: [{ field: 'body', message: 'not valid UTF-8' }] });
  }
}

/**
 * Whether JSON text nests arrays and objects deeper than `limit` (brackets inside strings do
 * not count). A scan of the text, so it costs no allocation and works on text JSON.parse would
 * refuse anyway.
 */
export function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** Parses JSON text of a request body: 400 when it is empty, not JSON, or nested deeper than MAX_JSON_DEPTH. */
export function parseJson(text: string): unknown {
  if (!text.trim()) throw badRequest('the request body is empty; expected JSON');
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
    throw badRequest(`the request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`, {
      errors: [{ field: 'body', message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** What can give its body's bytes: a Request, or Hono's c.req (which keeps them for a second reader). */
interface BodySource {
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Reads a JSON body: its text (what request hashes are made of) and its value. */
export async function readJson(request: BodySource): Promise<{ text: string; value: unknown }> {
  const text = decodeUtf8(new Uint8Array(await request.arrayBuffer()));
  return { text, value: parseJson(text) };
}
