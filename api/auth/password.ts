/**
 * Password hashing with scrypt (memory-hard, in Node's crypto: no native dependency).
 * N = 2^15, r = 8, p = 1 takes 32 MiB and ~0.1 s per hash: in line with OWASP's advice for
 * scrypt and argon2id (m = 19 MiB). The parameters are stored with the hash, so they can rise.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash no password matches, checked when a username is unknown so the answer takes as long. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}

/** Rules for a new password: long enough to resist guessing, and not the demo password. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < 10) return 'a password has at least 10 characters';
  if (password.length > 200) return 'a password has at most 200 characters';
  if (password === DEMO_PASSWORD) return 'the demo password is public; choose another';
  return null;
}

/** The password of every demo account (README), refused in production unless ALLOW_DEMO_PASSWORDS. */
export const DEMO_PASSWORD = 'lianqin-demo';
