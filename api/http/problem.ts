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

/** An error that the error handler turns into a problem+json response. */
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
  const body: Problem = {
    type: 'about:blank',
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance: new URL(c.req.url).pathname,
    ...problem.extensions,
  };
  return c.body(JSON.stringify(body), problem.status, { 'content-type': 'application/problem+json' });
}
