/**
 * The free text of cases (description, address, notes of the log, the rating's comment) as a
 * staff reader may see it. Those who handle cases (CASE_HANDLERS, each inside their
 * jurisdiction) read it as typed: a caller's number in a description is how they call back.
 * Everyone else who reads cases (analysts) gets it through the one value masking
 * (privacy's maskText): ID-card, mobile and bank-card numbers, plates, e-mail addresses and
 * introduced names masked, the rest of the text kept.
 */
import type { User } from '../auth/principal.ts';
import { CASE_HANDLERS } from '../auth/roles.ts';
import { maskText } from '../privacy/index.ts';

/** Whether an account reads cases' free text unmasked. */
export const readsCaseTextWhole = (user: User): boolean => CASE_HANDLERS.includes(user.role);

interface CaseText {
  description: string | null;
  address: string | null;
  rating: { comment: string | null } | null;
  events?: { note: string | null; data: Record<string, unknown> | null }[];
}

function maskData(data: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!data) return data;
  // Only what people typed is a string here (a rating's comment, a reason); codes and numbers pass unchanged.
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? maskText(value) : value]));
}

/** A case (summary or detail) with its free text masked. */
export function maskCaseText<T extends CaseText>(item: T): T {
  return {
    ...item,
    description: maskText(item.description),
    address: maskText(item.address),
    rating: item.rating && { ...item.rating, comment: maskText(item.rating.comment) },
    ...(item.events ? { events: item.events.map((e) => ({ ...e, note: maskText(e.note), data: maskData(e.data) })) } : {}),
  };
}

/** A case as this user may read it. */
export function caseTextFor<T extends CaseText>(user: User, item: T): T {
  return readsCaseTextWhole(user) ? item : maskCaseText(item);
}
