/** Request validation at the edge: zod schemas, failures as 400 problem+json naming the field. */
import type { z } from 'zod';
import { badRequest } from './problem.ts';

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: 'query' | 'body' | 'path'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.length ? issue.path.join('.') : where,
    message: issue.message,
  }));
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  throw badRequest(`invalid ${where}: ${detail}`, { errors });
}

/** Parses a JSON body, answering 400 (not 500) when it is not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (!text.trim()) throw badRequest('the request body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}
