/**
 * The `Idempotency-Key` request header (IETF draft-ietf-httpapi-idempotency-key-header): a
 * client-made unique string, so a phone that retries a POST on a bad connection gets the
 * same answer instead of a second case. Keys are kept per endpoint (scope) in idempotency_key.
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpProblem, badRequest } from '../http/problem.ts';
import { requestHash } from './create.ts';
import type { IdempotencyGuard } from './queries.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The header's key (a structured-field string may come quoted), or null when absent. */
export function idempotencyKey(c: Context): string | null {
  const raw = c.req.header('idempotency-key');
  if (raw === undefined) return null;
  const key = raw.trim().replace(/^"(.*)"$/, '$1');
  if (!KEY.test(key)) {
    throw badRequest('invalid header: Idempotency-Key must be 1–255 visible ASCII characters, e.g. a UUID', {
      errors: [{ field: 'Idempotency-Key', message: 'malformed' }],
    });
  }
  return key;
}

/** The guard of a request with a key: scope, key and the hash of the body (and what else identifies it). */
export function idempotencyGuard(c: Context, scope: string, ...request: (string | Uint8Array)[]): IdempotencyGuard | null {
  const key = idempotencyKey(c);
  return key ? { scope, key, hash: requestHash(...request) } : null;
}

/** Bodies with up to three 5 MB photos (base64 or multipart) and some text. */
export const PHOTO_BODY_BYTES = 24 * 1024 * 1024;

export const photoBodyLimit = bodyLimit({
  maxSize: PHOTO_BODY_BYTES,
  onError: () => {
    throw new HttpProblem(413, 'Content Too Large', 'the request body is larger than 24 MB (at most 3 photos of 5 MB each)');
  },
});
