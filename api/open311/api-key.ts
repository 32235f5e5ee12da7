/**
 * The api_key of a POST: a live Open311 credential (created and revoked by an administrator,
 * /api/v1/admin/credentials), else 403 as the spec says. Keys are looked up by their SHA-256.
 */
import type pg from 'pg';
import { credentialBySecret } from '../auth/credentials.ts';
import { HttpProblem } from '../http/problem.ts';

/** The client's name for a valid key. */
export async function checkApiKey(pool: pg.Pool, given: string | undefined): Promise<string> {
  if (!given) throw forbidden('api_key is missing -- cannot create the request; ask the operator for a key (see discovery key_service)');
  const credential = await credentialBySecret(pool, 'open311', given);
  if (!credential) throw forbidden('Invalid api_key received -- cannot create the request');
  return credential.name;
}

const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);
