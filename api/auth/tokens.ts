/**
 * Bearer secrets: 256 random bits, base64url, with a prefix that says what they are
 * (`lqs_` session, `lqo_` Open311 key, `lqt_` tracker token). Stored only as SHA-256: they are
 * random, so a fast hash is enough, and a database leak gives away no usable token.
 */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = { session: 'lqs_', open311: 'lqo_', tracker: 'lqt_' } as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

const PREFIXES = Object.entries(TOKEN_PREFIX) as [TokenKind, string][];

/** What kind of secret a bearer token is, from its prefix; null for anything else. */
export function tokenKind(token: string): TokenKind | null {
  for (const [kind, prefix] of PREFIXES) if (token.startsWith(prefix)) return kind;
  return null;
}
