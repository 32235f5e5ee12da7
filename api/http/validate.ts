/** Request validation at the edge: zod schemas, failures as 400 problem+json naming the field. */
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { readJson } from './json.ts';
import { badRequest } from './problem.ts';
import { findUnstorable } from './strings.ts';

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: 'query' | 'body' | 'path'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    // What passed the schema is what reaches the database, so that is what is checked.
    const found = findUnstorable(result.data);
    if (!found) return result.data;
    const field = found.path.length ? found.path.join('.') : where;
    throw badRequest(`invalid ${where}: ${field}: ${found.message}`, { errors: [{ field, message: found.message }] });
  }
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : where,
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw badRequest(`invalid ${where}: ${detail}`, { errors });
}

/** Parses a JSON body (see json.ts), answering 400 (not 500) when it is not JSON. */
export async function readJsonBody(request: Parameters<typeof readJson>[0]): Promise<unknown> {
  return (await readJson(request)).value;
}

/** A query string as a client sends it: the schema's members, each a string. */
export type QueryInput<T> = { [K in keyof T]: string };

/**
 * Validates the query string with `schema` before the handler (`c.req.valid('query')`), so the
 * route's type tells its client which parameters it takes.
 */
export function validQuery<S extends z.ZodType>(schema: S): MiddlewareHandler<any, string, { in: { query: QueryInput<z.input<S>> }; out: { query: z.output<S> } }> {
  return async (c, next) => {
    c.req.addValidatedData('query', parseWith(schema, c.req.query(), 'query') as {});
    await next();
  };
}

/** Validates a JSON body (read by readJsonBody) with `schema` before the handler (`c.req.valid('json')`). */
export function validJson<S extends z.ZodType>(schema: S): MiddlewareHandler<any, string, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  return async (c, next) => {
    c.req.addValidatedData('json', parseWith(schema, await readJsonBody(c.req), 'body') as {});
    await next();
  };
}
