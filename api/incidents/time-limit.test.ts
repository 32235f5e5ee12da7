/** Due times, lights, pauses and extensions of the case clock. */
import { describe, expect, it } from 'vitest';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import { actors, calendar, envAt, limits, reportedCase } from './test-support.ts';
import { light, startClock, usedShare } from './time-limit.ts';
import { applyAction } from './transition.ts';
import type { IncidentState } from './model.ts';

const at = shanghaiTime;
const iso = (local: string) => at(local).toISOString();

/** A case registered at `when` (verify a minute before). */
function registered(when: string, categoryCode = '06010', priority: IncidentState['priority'] = 'normal'): IncidentState {
  const start = at(when);
  let s = { ...reportedCase(new Date(start.getTime() - 120_000), categoryCode), priority };
  s = applyAction(s, { action: 'verify', actor: actors.worker }, envAt(new Date(start.getTime() - 60_000))).state;
  return applyAction(s, { action: 'register', actor: actors.street }, envAt(start)).state;
}

describe('due times by unit', () => {
  it.each([
    ['4 working hours over lunch', '06010', 'grid', 'normal', '2026-11-24 10:00', '2026-11-24 16:00', '2026-11-24 15:12'],
    ['4 working hours over a weekend', '06010', 'grid', 'normal', '2026-11-27 16:00', '2026-11-30 10:00', '2026-11-30 09:12'],
    ['2 working days at street level', '06010', 'street', 'normal', '2026-11-24 10:00', '2026-11-26 10:00', '2026-11-25 16:48'],
    ['5 working days over National Day (and its make-up Saturday)', '06010', 'district', 'normal', '2026-09-29 10:00', '2026-10-12 10:00', '2026-10-10 10:00'],
    ['2 calendar hours when urgent, even at night', '06010', 'grid', 'urgent', '2026-10-01 23:00', '2026-10-02 01:00', '2026-10-02 00:36'],
    ['a category with its own calendar limit (snow and ice)', '10001', 'grid', 'normal', '2026-01-03 20:00', '2026-01-03 22:00', '2026-01-03 21:36'],
  ] as const)('%s', (_, category, level, priority, start, due, warn) => {
    const clock = startClock({ categoryCode: category, priority }, level, at(start), limits, calendar);
    expect(clock.dueAt!.toISOString()).toBe(iso(due));
    expect(clock.warnAt!.toISOString()).toBe(iso(warn));
  });
});

describe('the traffic light', () => {
  const s = registered('2026-11-24 10:00'); // 4 working hours: due 16:00, yellow from 15:12
  it.each([
    ['2026-11-24 10:01', 'green'],
    ['2026-11-24 15:11', 'green'],
    ['2026-11-24 15:12', 'yellow'],
    ['2026-11-24 15:59', 'yellow'],
    ['2026-11-24 16:00', 'red'],
    ['2026-12-24 16:00', 'red'],
  ])('at %s it is %s', (now, colour) => {
    expect(light(s, at(now))).toBe(colour);
  });

  it('measures the share used on the working clock', () => {
    expect(usedShare(s, at('2026-11-24 12:00'), calendar)).toBe(0.5);
    expect(usedShare(s, at('2026-11-24 13:30'), calendar)).toBe(0.5); // lunch does not count
    expect(usedShare(s, at('2026-11-24 18:00'), calendar)).toBe(1.5);
  });

  it('is off for cases not registered, finished or suspended', () => {
    const reported = reportedCase(at('2026-11-24 09:00'));
    expect(light(reported, at('2026-11-24 09:00'))).toBeNull();
    const suspended = applyAction(s, { action: 'suspend', actor: actors.street, note: 'n' }, envAt(at('2026-11-24 11:00'))).state;
    expect(light(suspended, at('2026-11-24 17:00'))).toBeNull();
    expect(suspended.dueAt).toBeNull();
  });
});

describe('suspension pauses the clock, extension adds time', () => {
  it('moves the due time by the working time spent suspended', () => {
    const s = registered('2026-11-24 10:00'); // due 16:00
    const suspended = applyAction(s, { action: 'suspend', actor: actors.street, note: 'rain' }, envAt(at('2026-11-24 11:00'))).state;
    // Suspended 11:00 → next day 09:00: 1 h + 4 h + 1 h = 6 working hours paused.
    const resumed = applyAction(suspended, { action: 'resume', actor: actors.street }, envAt(at('2026-11-25 09:00'))).state;
    expect(resumed.status).toBe('registered');
    expect(resumed.pausedMinutes).toBe(360);
    expect(resumed.suspendedSeconds).toBe(22 * 3600);
    expect(resumed.dueAt!.toISOString()).toBe(iso('2026-11-25 12:00')); // 1 h used before, 3 h left from 09:00
    expect(usedShare(resumed, at('2026-11-25 10:00'), calendar)).toBe(0.5);
  });

  it('extends by whole units of the limit', () => {
    const s = registered('2026-11-24 10:00');
    const extended = applyAction(s, { action: 'extend', actor: actors.street, amount: 2, note: 'n' }, envAt(at('2026-11-24 11:00'))).state;
    expect(extended.limitMinutes).toBe(360);
    expect(extended.dueAt!.toISOString()).toBe(iso('2026-11-24 18:00'));
    expect(extended.extensionCount).toBe(1);
  });

  it('restarts the clock on escalation and records whether the closure was on time', () => {
    const s = registered('2026-11-24 10:00');
    const escalated = applyAction(s, { action: 'escalate', actor: actors.worker, note: 'n' }, envAt(at('2026-11-24 17:00'))).state;
    expect(escalated.level).toBe('street');
    expect(escalated.dueAt!.toISOString()).toBe(iso('2026-11-26 17:00')); // 2 working days from 17:00
    let late = s;
    for (const [action, actor, when] of [
      ['dispatch', actors.street, '2026-11-24 10:10'], ['feedback', actors.worker, '2026-11-24 16:30'],
      ['check_pass', actors.worker, '2026-11-24 16:40'], ['close', actors.street, '2026-11-24 16:50'],
    ] as const) late = applyAction(late, { action, actor, note: 'n' }, envAt(at(when))).state;
    expect(late.closedOnTime).toBe(false);
  });
});
