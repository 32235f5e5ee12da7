/**
 * One request-body policy: every body is held to a default size, except on the routes listed
 * with a size of their own (or none: a streamed import). Without it a route that reads its
 * body whole (`c.req.text()`, a multipart parse) would read 50 MB as readily as 50 bytes.
 * Built on hono's bodyLimit, which trusts Content-Length and counts chunked bodies as they come.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HttpProblem } from './problem.ts';

export const MB = 1024 * 1024;

export interface BodyLimitRule {
  method: string;
  /** As Hono writes paths: `:name` is one segment, a last segment `*` is anything below. */
  path: string;
  /** Bytes; null: not limited here, because the route bounds what it holds itself (say where). */
  maxSize: number | null;
}

/** 1 MB, 256 kB: sizes as the 413 states them. */
export function sizeText(bytes: number): string {
  return bytes >= MB ? `${+(bytes / MB).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} kB`;
}

function pattern(path: string): RegExp {
  const segments = path.split('/').map((segment, i, all) => {
    if (segment === '*' && i === all.length - 1) return '.*';
    if (segment.startsWith(':')) return '[^/]+';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${segments.join('/')}$`);
}

/** Limits each request's body to its rule's size (the first rule that matches), or to `defaultSize`. */
export function bodyLimits(defaultSize: number, rules: readonly BodyLimitRule[]): MiddlewareHandler {
  const limiter = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HttpProblem(413, 'Content Too Large', `the request body is larger than ${sizeText(maxSize)}, the most this route accepts`);
      },
    });
  const fallback = limiter(defaultSize);
  const compiled = rules.map((rule) => ({
    method: rule.method,
    pattern: pattern(rule.path),
    limit: rule.maxSize === null ? null : limiter(rule.maxSize),
  }));
  return async (c, next) => {
    // Asked first: reading `body` makes @hono/node-server build the full Request, which a GET never needs.
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !c.req.raw.body) return next();
    const rule = compiled.find((r) => r.method === c.req.method && r.pattern.test(c.req.path));
    if (!rule) return fallback(c, next);
    if (rule.limit === null) return next();
    return rule.limit(c, next);
  };
}
