/**
 * Weeks as the analyses count them: Monday 00:00 to Monday 00:00 in Beijing time (UTC+8 all
 * year), the same steps as GET /analytics/series.
 */
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const UTC_OFFSET_MS = 8 * 3_600_000;

export interface Week {
  start: Date;
  end: Date;
  /** The local date of its Monday, YYYY-MM-DD: how the URL names it. */
  id: string;
}

/** The Beijing-time Monday 00:00 of the week holding `t`. */
export function weekStart(t: Date): Date {
  const localDays = Math.floor((t.getTime() + UTC_OFFSET_MS) / DAY_MS);
  // 1970-01-01 was a Thursday.
  const monday = localDays - ((localDays + 3) % 7);
  return new Date(monday * DAY_MS - UTC_OFFSET_MS);
}

export function weekOf(start: Date): Week {
  return { start, end: new Date(start.getTime() + WEEK_MS), id: new Date(start.getTime() + UTC_OFFSET_MS).toISOString().slice(0, 10) };
}

/** The `count` weeks up to and including the one holding `now`, oldest first. */
export function lastWeeks(now: Date, count = 52): Week[] {
  const current = weekStart(now).getTime();
  return Array.from({ length: count }, (_, i) => weekOf(new Date(current - (count - 1 - i) * WEEK_MS)));
}
