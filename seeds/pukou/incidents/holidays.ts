/**
 * China's official public holidays and make-up working days (调休) for 2025 and 2026, from the
 * State Council's notices (国务院办公厅关于2025年/2026年部分节假日安排的通知). Every day of a
 * holiday span is listed (weekend days included, harmless); make-up days are working weekends.
 * Days after the last listed year follow the plain week (Monday–Friday working): a demo loaded
 * in 2027 works, without holiday dips, and the server's start log asks for the new year's notice.
 */
import type { CalendarException } from '../../../api/calendar/working-calendar.ts';

const HOLIDAYS: [first: string, last: string, name: string][] = [
  ['2025-01-01', '2025-01-01', '元旦'],
  ['2025-01-28', '2025-02-04', '春节'],
  ['2025-04-04', '2025-04-06', '清明节'],
  ['2025-05-01', '2025-05-05', '劳动节'],
  ['2025-05-31', '2025-06-02', '端午节'],
  ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
  ['2026-01-01', '2026-01-03', '元旦'],
  ['2026-02-15', '2026-02-23', '春节'],
  ['2026-04-04', '2026-04-06', '清明节'],
  ['2026-05-01', '2026-05-05', '劳动节'],
  ['2026-06-19', '2026-06-21', '端午节'],
  ['2026-09-25', '2026-09-27', '中秋节'],
  ['2026-10-01', '2026-10-07', '国庆节'],
];

const MAKE_UP_DAYS: [day: string, name: string][] = [
  ['2025-01-26', '春节调休上班'],
  ['2025-02-08', '春节调休上班'],
  ['2025-04-27', '劳动节调休上班'],
  ['2025-09-28', '国庆节调休上班'],
  ['2025-10-11', '国庆节调休上班'],
  ['2026-01-04', '元旦调休上班'],
  ['2026-02-14', '春节调休上班'],
  ['2026-02-28', '春节调休上班'],
  ['2026-05-09', '劳动节调休上班'],
  ['2026-09-20', '国庆节调休上班'],
  ['2026-10-10', '国庆节调休上班'],
];

function* daysFrom(first: string, last: string): Generator<string> {
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}

export function calendarExceptions(): (CalendarException & { name: string })[] {
  const holidays = HOLIDAYS.flatMap(([first, last, name]) => [...daysFrom(first, last)].map((day) => ({ day, working: false, name })));
  const makeUp = MAKE_UP_DAYS.map(([day, name]) => ({ day, working: true, name }));
  return [...holidays, ...makeUp].sort((a, b) => a.day.localeCompare(b.day));
}
