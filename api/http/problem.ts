/** RFC 9457 problem+json: the one way this API reports errors. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/**
 * An error that the error handler turns into a problem+json response. Its `status` is the HTTP
 * status (RFC 9457) and nothing else: a domain status goes in an extension of its own name
 * (e.g. `caseStatus`); an extension named like a standard member is overwritten.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const badRequest = (detail: string, extensions?: Record<string, unknown>) =>
  new HttpProblem(400, 'Bad Request', detail, extensions);
export const notFound = (detail: string, extensions?: Record<string, unknown>) =>
  new HttpProblem(404, 'Not Found', detail, extensions);

export function problemResponse(c: Context, problem: HttpProblem): Response {
  // The standard members last: no extension can override them.
  const body: Problem = {
    ...problem.extensions,
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: new URL(c.req.url).pathname,
  };
  return c.body(JSON.stringify(body), problem.status, { 'content-type': 'application/problem+json' });
}
