/**
 * Per-client token buckets for the public endpoints: a burst of `capacity` requests, refilled
 * at `perSecond`. The client is the socket's remote address; X-Forwarded-For is believed only
 * behind a proxy you trust (`trustProxy`), since anyone can write that header.
 * In memory, per process: enough for one server; several would need a shared store.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HttpProblem, problemResponse } from '../http/problem.ts';
import { principalOf } from '../auth/principal.ts';

export interface BucketOptions {
  capacity: number;
  perSecond: number;
}

export interface RateLimitOptions {
  /** Which bucket a request draws from (e.g. reads and writes apart); null: not limited. */
  bucketOf: (c: Context) => string | null;
  /** Who the client is (default: its address). */
  clientOf?: (c: Context) => string;
  buckets: Record<string, BucketOptions>;
  trustProxy?: boolean;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_CLIENTS = 50_000;

/** The client's address as the socket saw it (Node server), or 'unknown' (in-process requests). */
export function clientAddress(c: Context, trustProxy = false): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  return async (c, next) => {
    const name = options.bucketOf(c);
    const config = name ? options.buckets[name] : undefined;
    if (!name || !config) return next();
    const key = `${name}|${options.clientOf ? options.clientOf(c) : clientAddress(c, options.trustProxy)}`;
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: config.capacity, at: t };
    bucket.tokens = Math.min(config.capacity, bucket.tokens + ((t - bucket.at) / 1000) * config.perSecond);
    bucket.at = t;
    if (bucket.tokens < 1) {
      buckets.set(key, bucket);
      const retryAfter = Math.ceil((1 - bucket.tokens) / config.perSecond);
      c.header('retry-after', String(retryAfter));
      return problemResponse(c, new HttpProblem(429, 'Too Many Requests', `too many ${name} requests from this client; retry in ${retryAfter} s`, {
        retryAfter,
      }));
    }
    bucket.tokens -= 1;
    if (buckets.size >= MAX_CLIENTS && !buckets.has(key)) forgetFullBuckets(buckets, options.buckets, t);
    buckets.set(key, bucket);
    c.header('ratelimit-limit', String(config.capacity));
    c.header('ratelimit-remaining', String(Math.floor(bucket.tokens)));
    await next();
  };
}

/** Clients whose bucket has refilled are indistinguishable from new ones: drop them. */
function forgetFullBuckets(buckets: Map<string, Bucket>, configs: Record<string, BucketOptions>, t: number) {
  for (const [key, bucket] of buckets) {
    const config = configs[key.slice(0, key.indexOf('|'))];
    if (!config || bucket.tokens + ((t - bucket.at) / 1000) * config.perSecond >= config.capacity) buckets.delete(key);
  }
}

/** Public writes: 10 at once, then one every 6 s, per client. */
export const PUBLIC_WRITES: BucketOptions = { capacity: 10, perSecond: 1 / 6 };

/**
 * The one limit of every public write (citizen reports, messages, ratings, new accounts,
 * Open311 requests): one bucket per client, shared by all those routes. The client is the
 * citizen's account when signed in, the Open311 key's holder, else the address. Staff
 * accounts are not limited here: they are few, known and accountable, and the desk and
 * trackers write in bursts.
 */
export function publicWriteLimit(options: Partial<RateLimitOptions> = {}): MiddlewareHandler {
  return rateLimit({
    buckets: { write: PUBLIC_WRITES },
    bucketOf: (c) => {
      const p = principalOf(c);
      return p.kind === 'user' && p.user.role !== 'citizen' ? null : 'write';
    },
    clientOf: (c) => {
      const p = principalOf(c);
      if (p.kind === 'user') return `user:${p.user.id}`;
      if (p.kind === 'credential') return `credential:${p.credential.id}`;
      return clientAddress(c);
    },
    ...options,
  });
}
