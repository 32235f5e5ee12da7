/**
 * The reference data of cases: categories (GB/T 47678.5 matters), time limits, the 2025–2026
 * holiday calendar and the citizen news. Loaded into the tables, and built in memory for the
 * demo generator exactly as the server reads it back (api/incidents/reference.ts).
 */
import type pg from 'pg';
import { WorkingCalendar } from '../../../api/calendar/working-calendar.ts';
import type { IncidentReference } from '../../../api/incidents/reference.ts';
import { TimeLimits } from '../../../api/incidents/time-limit.ts';
import { incidentCategories } from './categories.ts';
import { calendarExceptions } from './holidays.ts';
import { NEWS } from './news.ts';
import { timeLimitRules } from './time-limits.ts';

/** `newsShiftDays`: the news are dated against the truth file's reference date, like the hotspots, and move with the demo's end. */
export async function loadIncidentReference(client: pg.ClientBase, newsShiftDays = 0): Promise<void> {
  const categories = incidentCategories();
  await client.query(
    `INSERT INTO incident_category (code, major_code, major_name, name)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [categories.map((c) => c.code), categories.map((c) => c.majorCode), categories.map((c) => c.majorName), categories.map((c) => c.name)],
  );
  const rules = timeLimitRules();
  await client.query(
    `INSERT INTO time_limit (major_code, category_code, level, priority, amount, unit)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[])`,
    [
      rules.map((r) => r.majorCode),
      rules.map((r) => r.categoryCode),
      rules.map((r) => r.level),
      rules.map((r) => r.priority),
      rules.map((r) => r.amount),
      rules.map((r) => r.unit),
    ],
  );
  const days = calendarExceptions();
  await client.query(
    `INSERT INTO calendar_exception (day, working, name) SELECT * FROM unnest($1::date[], $2::boolean[], $3::text[])`,
    [days.map((d) => d.day), days.map((d) => d.working), days.map((d) => d.name)],
  );
  await client.query(
    `INSERT INTO news (title, summary, body, published_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`,
    [NEWS.map((n) => n.title), NEWS.map((n) => n.summary), NEWS.map((n) => n.body), NEWS.map((n) => new Date(Date.parse(n.publishedAt) + newsShiftDays * 86_400_000))],
  );
}

/** The same reference in memory, for the generator; departments come from the database (seeded before). */
export function incidentReference(departments: Map<string, string>): IncidentReference {
  return {
    categories: new Map(incidentCategories().map((c) => [c.code, c])),
    limits: new TimeLimits(timeLimitRules()),
    calendar: new WorkingCalendar(calendarExceptions()),
    departments,
  };
}
