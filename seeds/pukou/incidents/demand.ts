/**
 * When cases arrive and what they are: the daily count (weekly cycle, holidays, seasons), the
 * time of day (peaks mid-morning and mid-afternoon), the category (with seasonal ones) and the
 * source. Shares and weights are plausible for a district's city management, not measured.
 */
import type { WorkingCalendar } from '../../../api/calendar/working-calendar.ts';
import type { Priority, Source } from '../../../api/incidents/model.ts';
import type { Random } from '../../random.ts';

/** Monday … Sunday relative to an average day: fewer on weekends, fewest on Sunday. */
const WEEKDAY = [0.62, 1.12, 1.08, 1.05, 1.03, 1.0, 0.78]; // index 0 = Sunday
/** January … December: more in summer (night markets, storms), fewer around Spring Festival. */
const MONTH = [0.92, 0.85, 0.95, 1.0, 1.04, 1.1, 1.15, 1.14, 1.06, 1.0, 0.95, 0.9];
const HOLIDAY = 0.55;

/** Expected cases on a local date, for an average-day rate. */
export function expectedCases(day: string, perDay: number, calendar: WorkingCalendar): number {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = date.getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const working = calendar.isWorkingDay(day);
  const dayFactor = !working && !weekend ? HOLIDAY : working && weekend ? WEEKDAY[5] : WEEKDAY[weekday];
  return perDay * dayFactor * MONTH[date.getUTCMonth()];
}

/** The average day factor, to turn a yearly total into a per-day rate. */
export const MEAN_DAY_FACTOR = WEEKDAY.reduce((a, b) => a + b, 0) / 7;

type Peak = [hour: number, sd: number, weight: number];
const PATROL_HOURS: Peak[] = [[10, 1.0, 0.55], [15.5, 1.1, 0.45]];
const CITIZEN_HOURS: Peak[] = [[10, 1.3, 0.42], [15.5, 1.4, 0.38], [20, 1.5, 0.2]];
const EVENING_HOURS: Peak[] = [[20.5, 1.2, 1]];

/** Minutes after local midnight: patrols in working hours; citizens also in the evening. */
export function minuteOfDay(source: Source | 'evening', random: Random): number {
  const peaks = source === 'evening' ? EVENING_HOURS : source === 'patrol' ? PATROL_HOURS : CITIZEN_HOURS;
  let u = random.next();
  let peak = peaks[peaks.length - 1];
  for (const p of peaks) {
    if ((u -= p[2]) < 0) {
      peak = p;
      break;
    }
  }
  const [lo, hi] = source === 'patrol' ? [7.5, 19] : [6, 23.9];
  const hour = Math.min(hi, Math.max(lo, random.normal(peak[0], peak[1])));
  return Math.floor(hour * 60);
}

const SOURCES: [Source, number][] = [
  ['patrol', 0.7], ['hotline_12345', 0.12], ['citizen_app', 0.1], ['video', 0.05], ['superior', 0.02], ['petition', 0.01],
];

export function pickSource(random: Random): Source {
  return weighted(SOURCES, random);
}

export const pickPriority = (random: Random): Priority => (random.next() < 0.08 ? 'urgent' : 'normal');

type Season = (month: number) => number;
const summer: Season = (m) => (m >= 5 && m <= 8 ? 2.5 : m === 4 || m === 9 ? 1.3 : 0.5);
const bbq: Season = (m) => (m >= 5 && m <= 8 ? 4 : m === 4 || m === 9 ? 1.5 : 0.2);
const winter: Season = (m) => (m === 11 || m <= 1 ? 1 : 0);
const growing: Season = (m) => (m >= 3 && m <= 8 ? 2 : 0.3);
const dry: Season = (m) => (m >= 9 || m <= 2 ? 1.6 : 0.8);
const storms: Season = (m) => (m >= 5 && m <= 8 ? 2.2 : 0.7);

/** The common matters with their weight (and season, month 0–11); the rest share TAIL_SHARE. */
const COMMON: [code: string, weight: number, season?: Season][] = [
  ['06010', 10], ['06011', 6], ['06012', 5], ['06036', 6], ['06042', 5], ['09009', 8], ['09010', 5], ['09011', 4],
  ['09006', 6], ['09005', 5], ['09001', 3], ['07001', 6], ['07003', 2], ['06001', 3], ['06013', 3], ['06007', 2],
  ['06028', 3, summer], ['06029', 2, bbq], ['06027', 2], ['06021', 1, growing], ['06017', 2], ['06045', 1],
  ['08001', 2], ['08004', 2, dry], ['08002', 1.5], ['01001', 2], ['01002', 2], ['01003', 2], ['01037', 3],
  ['03005', 2], ['02010', 1.5], ['04002', 1.5, storms], ['06025', 1], ['10001', 8, winter], ['09012', 1.5],
];
const TAIL_SHARE = 0.08;

export class CategoryPicker {
  constructor(private readonly all: readonly string[]) {}

  pick(month: number, random: Random): string {
    if (random.next() < TAIL_SHARE) return random.pick(this.all);
    const weights: [string, number][] = COMMON.map(([code, weight, season]) => [code, weight * (season ? season(month) : 1)]);
    return weighted(weights, random);
  }
}

export function weighted<T>(items: readonly [T, number][], random: Random): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let u = random.next() * total;
  for (const [item, w] of items) if ((u -= w) < 0) return item;
  return items[items.length - 1][0];
}
