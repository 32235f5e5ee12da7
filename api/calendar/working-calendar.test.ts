import { describe, expect, it } from 'vitest';
import { calendarExceptions } from '../../seeds/pukou/incidents/holidays.ts';
import { clockFor, shanghaiDate, shanghaiTime, WorkingCalendar } from './working-calendar.ts';

const at = shanghaiTime;
const calendar = new WorkingCalendar(calendarExceptions());
const plain = new WorkingCalendar();
const add = (start: string, minutes: number, cal = calendar) => cal.addWorkingMinutes(at(start), minutes);

describe('working days', () => {
  it.each([
    ['2026-11-23', true, 'a Monday'],
    ['2026-11-28', false, 'a Saturday'],
    ['2026-11-29', false, 'a Sunday'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'the last day of the National Day holiday (a Wednesday)'],
    ['2026-10-10', true, 'a make-up Saturday after National Day'],
    ['2026-09-20', true, 'a make-up Sunday before National Day'],
    ['2026-02-16', false, 'Spring Festival (a Monday)'],
    ['2026-02-14', true, 'a make-up Saturday before Spring Festival'],
    ['2025-10-08', false, 'the 2025 National Day + Mid-Autumn holiday'],
    ['2025-10-11', true, 'a 2025 make-up Saturday'],
  ])('%s is working: %s (%s)', (day, working) => {
    expect(calendar.isWorkingDay(day)).toBe(working);
  });
});

describe('adding working time (08:00–12:00, 14:00–18:00, Asia/Shanghai)', () => {
  it.each([
    ['inside the morning', '2026-11-24 09:00', 60, '2026-11-24 10:00'],
    ['across the lunch break', '2026-11-24 11:00', 120, '2026-11-24 15:00'],
    ['ending exactly at noon stays at noon', '2026-11-24 11:00', 60, '2026-11-24 12:00'],
    ['started during lunch', '2026-11-24 12:30', 30, '2026-11-24 14:30'],
    ['started at night', '2026-11-24 22:00', 60, '2026-11-25 09:00'],
    ['started before dawn', '2026-11-24 05:00', 30, '2026-11-24 08:30'],
    ['over the evening', '2026-11-24 17:00', 120, '2026-11-25 09:00'],
    ['over a weekend', '2026-11-27 17:00', 120, '2026-11-30 09:00'],
    ['a whole working day (8 h) from 10:00', '2026-11-24 10:00', 480, '2026-11-25 10:00'],
    ['three working days from Friday', '2026-11-27 10:00', 3 * 480, '2026-12-02 10:00'],
    ['over the National Day holiday', '2026-09-30 17:00', 120, '2026-10-08 09:00'],
    ['onto a make-up Saturday', '2026-10-09 17:00', 120, '2026-10-10 09:00'],
    ['over Spring Festival', '2026-02-13 17:00', 120, '2026-02-14 09:00'],
    ['from a holiday Monday', '2026-02-16 10:00', 60, '2026-02-24 09:00'],
    ['zero minutes', '2026-11-24 22:00', 0, '2026-11-24 22:00'],
  ])('%s', (_, start, minutes, expected) => {
    expect(add(start, minutes).toISOString()).toBe(at(expected).toISOString());
  });

  it('treats holidays as ordinary days without exceptions', () => {
    expect(add('2026-09-30 17:00', 120, plain).toISOString()).toBe(at('2026-10-01 09:00').toISOString());
  });
});

describe('working minutes between two instants', () => {
  it.each([
    ['2026-11-24 09:00', '2026-11-24 10:30', 90],
    ['2026-11-24 11:00', '2026-11-24 15:00', 120],
    ['2026-11-24 12:00', '2026-11-24 14:00', 0],
    ['2026-11-27 17:00', '2026-11-30 09:00', 120],
    ['2026-09-30 00:00', '2026-10-09 00:00', 480 + 480],
    ['2026-11-24 10:00', '2026-11-24 09:00', 0],
  ])('%s → %s: %i min', (a, b, minutes) => {
    expect(calendar.workingMinutesBetween(at(a), at(b))).toBe(minutes);
  });

  it('is the inverse of adding, across weeks and holidays', () => {
    const starts = ['2026-09-28 10:17', '2026-11-27 16:59', '2026-02-12 08:00', '2025-12-31 13:00'];
    for (const start of starts) {
      for (const minutes of [1, 59, 240, 481, 3 * 480, 10 * 480 + 7]) {
        const end = add(start, minutes);
        expect(calendar.workingMinutesBetween(at(start), end)).toBeCloseTo(minutes, 6);
      }
    }
  });
});

describe('clocks', () => {
  it('calendar hours ignore the calendar', () => {
    const clock = clockFor('calendar_hours', calendar);
    expect(clock.add(at('2026-10-01 22:00'), 120).toISOString()).toBe(at('2026-10-02 00:00').toISOString());
    expect(clock.between(at('2026-10-01 22:00'), at('2026-10-02 00:00'))).toBe(120);
  });

  it('working days and hours share the working clock', () => {
    const clock = clockFor('working_days', calendar);
    expect(clock.add(at('2026-11-24 10:00'), 480).toISOString()).toBe(at('2026-11-25 10:00').toISOString());
  });

  it('gives local dates in Shanghai', () => {
    expect(shanghaiDate(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26');
    expect(shanghaiDate(new Date('2026-11-25T15:59:00Z'))).toBe('2026-11-25');
  });
});
