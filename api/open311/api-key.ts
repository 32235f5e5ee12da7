/** The api_key of a POST: one of the configured keys (OPEN311_API_KEYS), else 403 as the spec says. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpProblem } from '../http/problem.ts';

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The client's name for a valid key; compared in constant time, so timing does not leak a key. */
export function checkApiKey(keys: ReadonlyMap<string, string>, given: string | undefined): string {
  if (!given) throw forbidden('api_key is missing -- cannot create the request; ask the operator for a key (see discovery key_service)');
  const wanted = digest(given);
  let client: string | null = null;
  for (const [key, name] of keys) if (timingSafeEqual(digest(key), wanted)) client = name;
  if (client === null) throw forbidden('Invalid api_key received -- cannot create the request');
  return client;
}

const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);
