/**
 * Working time in Asia/Shanghai (UTC+8 all year, no daylight saving): 08:00–12:00 and
 * 14:00–18:00 on working days. Working days are Monday–Friday, except public holidays, plus
 * the make-up working days (调休) that fall on weekends; both come from calendar_exception.
 * Pure: no clock, no database — the caller passes instants and the exceptions.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Shanghai is UTC+8 all year, so local time is a fixed shift. */
const OFFSET = 8 * 3_600_000;
/** The working periods of a day, as [start, end) milliseconds from local midnight. */
const PERIODS: readonly (readonly [number, number])[] = [
  [8 * 3_600_000, 12 * 3_600_000],
  [14 * 3_600_000, 18 * 3_600_000],
];
export const WORKING_MINUTES_PER_DAY = 480;
/** No time limit spans this many days; a loop that gets there has a bug (or no working days). */
const MAX_DAYS = 366 * 20;

export type LimitUnit = 'working_hours' | 'working_days' | 'calendar_hours';
export const LIMIT_UNITS: readonly LimitUnit[] = ['working_hours', 'working_days', 'calendar_hours'];

/** Minutes of the unit's clock in one unit: a working day is 8 working hours. */
export function unitMinutes(unit: LimitUnit): number {
  return unit === 'working_days' ? WORKING_MINUTES_PER_DAY : 60;
}

export interface CalendarException {
  /** Local date, YYYY-MM-DD. */
  day: string;
  /** false: a public holiday; true: a make-up working day on a weekend. */
  working: boolean;
  name?: string;
}

/** The local (Shanghai) date of an instant, YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + OFFSET).toISOString().slice(0, 10);
}

/** The instant of a Shanghai wall-clock time, e.g. shanghaiTime('2026-11-26 09:30'). */
export function shanghaiTime(local: string): Date {
  const date = new Date(`${local.replace(' ', 'T')}${local.length <= 10 ? 'T00:00' : ''}+08:00`);
  if (Number.isNaN(date.getTime())) throw new Error(`not a local time: ${local}`);
  return date;
}

const dayIndexOf = (isoDay: string) => Date.parse(`${isoDay}T00:00:00Z`) / DAY;

export class WorkingCalendar {
  private readonly exceptions = new Map<number, boolean>();

  constructor(exceptions: readonly CalendarException[] = []) {
    for (const e of exceptions) this.exceptions.set(dayIndexOf(e.day), e.working);
  }

  /** Whether a local date (YYYY-MM-DD) is a working day. */
  isWorkingDay(day: string): boolean {
    return this.isWorkingDayIndex(dayIndexOf(day));
  }

  /** The instant `minutes` working minutes after `start`; a budget ending at 12:00 ends at 12:00, not 14:00. */
  addWorkingMinutes(start: Date, minutes: number): Date {
    let remaining = Math.round(minutes * MINUTE);
    if (remaining <= 0) return new Date(start);
    let local = start.getTime() + OFFSET;
    let day = Math.floor(local / DAY);
    for (let guard = 0; guard < MAX_DAYS; guard++, day++, local = day * DAY) {
      if (!this.isWorkingDayIndex(day)) continue;
      for (const [from, to] of PERIODS) {
        const periodEnd = day * DAY + to;
        if (local >= periodEnd) continue;
        const begin = Math.max(local, day * DAY + from);
        const available = periodEnd - begin;
        if (remaining <= available) return new Date(begin + remaining - OFFSET);
        remaining -= available;
        local = periodEnd;
      }
    }
    throw new Error('no working time found within twenty years: check the calendar exceptions');
  }

  /** Working minutes in [a, b); 0 when b is not after a. */
  workingMinutesBetween(a: Date, b: Date): number {
    const start = a.getTime() + OFFSET;
    const end = b.getTime() + OFFSET;
    if (end <= start) return 0;
    let total = 0;
    for (let day = Math.floor(start / DAY); day * DAY < end; day++) {
      if (!this.isWorkingDayIndex(day)) continue;
      for (const [from, to] of PERIODS) {
        const overlap = Math.min(end, day * DAY + to) - Math.max(start, day * DAY + from);
        if (overlap > 0) total += overlap;
      }
    }
    return total / MINUTE;
  }

  private isWorkingDayIndex(day: number): boolean {
    const exception = this.exceptions.get(day);
    if (exception !== undefined) return exception;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday >= 1 && weekday <= 5;
  }
}

/** A clock that a time limit runs on: working minutes or calendar minutes. */
export interface Clock {
  add(start: Date, minutes: number): Date;
  between(a: Date, b: Date): number;
}

export const calendarClock: Clock = {
  add: (start, minutes) => new Date(start.getTime() + Math.round(minutes * MINUTE)),
  between: (a, b) => Math.max(0, (b.getTime() - a.getTime()) / MINUTE),
};

export function clockFor(unit: LimitUnit, calendar: WorkingCalendar): Clock {
  if (unit === 'calendar_hours') return calendarClock;
  return {
    add: (start, minutes) => calendar.addWorkingMinutes(start, minutes),
    between: (a, b) => calendar.workingMinutesBetween(a, b),
  };
}
