/** Request validation at the edge: zod schemas, failures as 400 problem+json naming the field. */
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
