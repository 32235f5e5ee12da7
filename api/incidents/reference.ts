/**
 * The reference data every case needs, held in memory: categories (GB/T 47678.5 matters), time
 * limits, the working calendar and the department codes. Small tables that change rarely, so
 * they are read once and re-read when their fingerprint changes (checked at most once a minute).
 */
import type pg from 'pg';
import { WorkingCalendar, type LimitUnit } from '../calendar/working-calendar.ts';
import type { Level, Priority } from './model.ts';
import { TimeLimits } from './time-limit.ts';

export interface Category {
  code: string;
  name: string;
  majorCode: string;
  majorName: string;
}

export interface IncidentReference {
  categories: Map<string, Category>;
  limits: TimeLimits;
  calendar: WorkingCalendar;
  departments: Map<string, string>;
}

const FINGERPRINT_SQL = `SELECT (SELECT count(*) FROM incident_category) || ':' ||
  (SELECT count(*) || ':' || coalesce(sum(amount), 0) || ':' || coalesce(max(id), 0) FROM time_limit) || ':' ||
  (SELECT count(*) || ':' || coalesce(max(day)::text, '') || ':' || count(*) FILTER (WHERE working) FROM calendar_exception) || ':' ||
  (SELECT count(*) FROM department) AS fp`;

/** The last year calendar_exception lists holidays of (null: none); later days follow the plain week. */
export async function lastHolidayYear(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ year: number | null }>(`SELECT extract(year FROM max(day))::int AS year FROM calendar_exception`);
  return rows[0].year;
}

export async function readReference(pool: pg.Pool): Promise<IncidentReference> {
  const [categories, limits, exceptions, departments] = await Promise.all([
    pool.query<{ code: string; name: string; major_code: string; major_name: string }>(
      'SELECT code, name, major_code, major_name FROM incident_category ORDER BY code',
    ),
    pool.query<{ major_code: string; category_code: string | null; level: Level; priority: Priority; amount: string; unit: LimitUnit }>(
      'SELECT major_code, category_code, level, priority, amount, unit FROM time_limit',
    ),
    pool.query<{ day: string; working: boolean }>(`SELECT to_char(day, 'YYYY-MM-DD') AS day, working FROM calendar_exception`),
    pool.query<{ code: string; name_zh: string }>('SELECT code, name_zh FROM department ORDER BY code'),
  ]);
  return {
    categories: new Map(
      categories.rows.map((r) => [r.code, { code: r.code, name: r.name, majorCode: r.major_code, majorName: r.major_name }]),
    ),
    limits: new TimeLimits(
      limits.rows.map((r) => ({
        majorCode: r.major_code,
        categoryCode: r.category_code,
        level: r.level,
        priority: r.priority,
        amount: Number(r.amount),
        unit: r.unit,
      })),
    ),
    calendar: new WorkingCalendar(exceptions.rows),
    departments: new Map(departments.rows.map((r) => [r.code, r.name_zh])),
  };
}

export class ReferenceCache {
  private current: IncidentReference | null = null;
  private fingerprint = '';
  private checkedAt = 0;
  private loading: Promise<IncidentReference> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly recheckMs = 60_000,
  ) {}

  /** The reference data; loaded on first use, re-read in the background when due. */
  async get(): Promise<IncidentReference> {
    if (!this.current) return this.reload();
    if (Date.now() - this.checkedAt > this.recheckMs) void this.reload().catch(() => {});
    return this.current;
  }

  /** Re-reads the tables if they changed (tests and loaders call it after writing them). */
  reload(): Promise<IncidentReference> {
    this.loading ??= this.reloadIfChanged().finally(() => (this.loading = null));
    return this.loading;
  }

  private async reloadIfChanged(): Promise<IncidentReference> {
    const { rows } = await this.pool.query<{ fp: string }>(FINGERPRINT_SQL);
    this.checkedAt = Date.now();
    if (this.current && rows[0].fp === this.fingerprint) return this.current;
    this.current = await readReference(this.pool);
    this.fingerprint = rows[0].fp;
    return this.current;
  }
}
