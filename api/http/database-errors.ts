/**
 * The last line of defence against input that slipped past validation: PostgreSQL errors that
 * mean "this value is not valid for its type" become 400, not 500. The detail names the kind
 * of value but never the value itself (PostgreSQL's own message quotes it, and it may be
 * personal data); the route and SQLSTATE go to the log, so the missing check can be added.
 */
import { badRequest, type HttpProblem } from './problem.ts';

/** SQLSTATE → what the client is told. */
const BAD_INPUT: Record<string, string> = {
  '22021': 'a text value is not valid UTF-8 or holds a NUL character',
  '22P05': 'a text value holds a character the database cannot store',
  '22P02': 'a value is not valid for its type',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
};

/** The 400 for a database error caused by a request's value (logged with `request`, e.g. "GET /path"), or null for any other error. */
export function databaseInputProblem(error: unknown, request: string): HttpProblem | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !Object.hasOwn(BAD_INPUT, code)) return null;
  console.warn(`${request}: the database refused a value of the request (SQLSTATE ${code}); a check is missing`);
  return badRequest(`the database refused a value of the request: ${BAD_INPUT[code]}`, { errors: [{ field: 'request', message: BAD_INPUT[code] }] });
}
