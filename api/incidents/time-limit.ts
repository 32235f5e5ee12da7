/**
 * Time limits of cases: which limit applies (data in `time_limit`), the due time on the limit's
 * clock (working or calendar time, paused while suspended), and the traffic light.
 */
import { clockFor, unitMinutes, type LimitUnit, type WorkingCalendar } from '../calendar/working-calendar.ts';
import type { IncidentState, Level, Priority } from './model.ts';

export interface TimeLimitRule {
  majorCode: string;
  /** A rule for one category wins over the rule of its major class. */
  categoryCode: string | null;
  level: Level;
  priority: Priority;
  amount: number;
  unit: LimitUnit;
}

/** Yellow once this share of the allowed time is used. */
export const WARN_SHARE = 0.8;

export class TimeLimits {
  private readonly rules = new Map<string, TimeLimitRule>();

  constructor(rules: readonly TimeLimitRule[]) {
    for (const rule of rules) this.rules.set(`${rule.categoryCode ?? rule.majorCode}|${rule.level}|${rule.priority}`, rule);
  }

  resolve(categoryCode: string, level: Level, priority: Priority): TimeLimitRule {
    const rule =
      this.rules.get(`${categoryCode}|${level}|${priority}`) ?? this.rules.get(`${categoryCode.slice(0, 2)}|${level}|${priority}`);
    if (!rule) throw new Error(`no time limit for category ${categoryCode} at ${level} level, ${priority} priority`);
    return rule;
  }
}

type ClockFields = Pick<IncidentState, 'limitUnit' | 'limitMinutes' | 'clockStartedAt' | 'pausedMinutes' | 'dueAt' | 'warnAt'>;

/** Starts the clock of `level` at `now` (registration, escalation, reopening). */
export function startClock(
  state: Pick<IncidentState, 'categoryCode' | 'priority'>,
  level: Level,
  now: Date,
  limits: TimeLimits,
  calendar: WorkingCalendar,
): ClockFields {
  const rule = limits.resolve(state.categoryCode, level, state.priority);
  const clock = { limitUnit: rule.unit, limitMinutes: rule.amount * unitMinutes(rule.unit), clockStartedAt: now, pausedMinutes: 0 };
  return { ...clock, ...deadlines(clock, calendar) };
}

/** Due time and warning time of a running clock. */
export function deadlines(
  clock: Pick<IncidentState, 'limitUnit' | 'limitMinutes' | 'clockStartedAt' | 'pausedMinutes'>,
  calendar: WorkingCalendar,
): { dueAt: Date | null; warnAt: Date | null } {
  if (!clock.limitUnit || clock.limitMinutes === null || !clock.clockStartedAt) return { dueAt: null, warnAt: null };
  const on = clockFor(clock.limitUnit, calendar);
  return {
    dueAt: on.add(clock.clockStartedAt, clock.limitMinutes + clock.pausedMinutes),
    warnAt: on.add(clock.clockStartedAt, WARN_SHARE * clock.limitMinutes + clock.pausedMinutes),
  };
}

export type Light = 'green' | 'yellow' | 'red';

/** The light of an open case with a running clock; null when finished, suspended or not yet registered. */
export function light(state: Pick<IncidentState, 'dueAt' | 'warnAt' | 'closedAt' | 'status'>, now: Date): Light | null {
  if (!state.dueAt || !state.warnAt || state.closedAt || state.status === 'voided' || state.status === 'suspended') return null;
  if (now >= state.dueAt) return 'red';
  return now >= state.warnAt ? 'yellow' : 'green';
}

/** Share of the allowed time used at `now` (over 1 when overdue); null without a clock. */
export function usedShare(state: IncidentState, now: Date, calendar: WorkingCalendar): number | null {
  if (!state.limitUnit || !state.limitMinutes || !state.clockStartedAt) return null;
  const on = clockFor(state.limitUnit, calendar);
  const until = state.closedAt ?? state.suspendedAt ?? now;
  return Math.max(0, on.between(state.clockStartedAt, until) - state.pausedMinutes) / state.limitMinutes;
}
