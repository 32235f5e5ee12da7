/** Aggregates of an area are for users whose jurisdiction holds it: a street's for its dispatcher, not the district's. */
import type { Context } from 'hono';
import { forbidden } from './access.ts';
import { inJurisdiction, userOf } from './principal.ts';

export function checkArea(c: Context, code: string): void {
  const user = userOf(c);
  if (!user || !inJurisdiction(user, code)) {
    throw forbidden(`area ${code} lies outside your jurisdiction ${user?.jurisdiction ?? '(none)'}; ask for ${user?.jurisdiction ?? 'an area of yours'} or an area inside it`);
  }
}
