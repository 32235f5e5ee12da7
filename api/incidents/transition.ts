/**
 * Applies one action to a case: checks it against the workflow table and gives the next state
 * and the event to log. Pure (the time is passed in), so the server and the demo generator run
 * the very same rules.
 */
import { clockFor, unitMinutes, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { HttpProblem, badRequest } from '../http/problem.ts';
import type { Actor, DepartmentAssignment, IncidentEvent, IncidentState } from './model.ts';
import { deadlines, startClock, type TimeLimits } from './time-limit.ts';
import { allowedActions, fromStatuses, levelAbove, requiredFields, rolesFor, TRANSITIONS, type Action } from './workflow.ts';

export interface ActionInput {
  action: Action;
  actor: Actor;
  note?: string;
  /** dispatch at district level: the departments (joint enforcement when several). */
  departments?: string[];
  /** dispatch at grid or street level: who handles it. */
  assignee?: string;
  /** extend: how much more time, in the unit of the case's time limit. */
  amount?: number;
  /** evaluate: satisfaction 1–5 and a comment. */
  rating?: number;
  comment?: string;
  /** void: the case this one duplicates. */
  duplicateOf?: number;
  /** place: the point, and the areas it lies in (found by the server's grid index). */
  lon?: number;
  lat?: number;
  areas?: { gridCode: string; communityCode: string; streetCode: string };
}

export interface WorkflowEnv {
  now: Date;
  limits: TimeLimits;
  calendar: WorkingCalendar;
}

export interface Applied {
  state: IncidentState;
  event: IncidentEvent;
}

const conflict = (detail: string, extensions: Record<string, unknown> = {}) => new HttpProblem(409, 'Conflict', detail, extensions);

/** The next state and the event, or a 409 (not allowed now), 403 (not this role) or 400 (missing field). */
export function applyAction(state: IncidentState, input: ActionInput, env: WorkflowEnv): Applied {
  const transition = TRANSITIONS[input.action];
  const roles = rolesFor(input.action, state);
  if (!roles || !fromStatuses(transition, state.level).includes(state.status)) {
    const allowed = allowedActions(state);
    const where = state.lon === null ? 'not placed yet (reported by address only)' : `at ${state.level} level`;
    throw conflict(
      `cannot ${input.action} a case that is ${state.status} and ${where}; allowed now: ${allowed.map((a) => a.action).join(', ') || 'none'}`,
      { caseStatus: state.status, level: state.level, allowedActions: allowed },
    );
  }
  if (!roles.includes(input.actor.role)) {
    throw new HttpProblem(403, 'Forbidden', `a ${input.actor.role} may not ${input.action} a case at ${state.level} level; allowed roles: ${roles.join(', ')}`, {
      allowedRoles: roles,
    });
  }
  for (const field of requiredFields(input.action, state.level)) {
    const value = (input as unknown as Record<string, unknown>)[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
      throw badRequest(`invalid body: ${field}: ${input.action} at ${state.level} level needs ${field}`, {
        errors: [{ field, message: `required for ${input.action}` }],
      });
    }
  }
  const next: IncidentState = { ...state, departments: state.departments.map((d) => ({ ...d })), version: state.version + 1, updatedAt: env.now };
  const data = effect(next, state, input, env);
  if (transition.to !== 'same' && transition.to !== 'previous' && !data.keepStatus) next.status = transition.to;
  delete data.keepStatus;
  if (next.dueAt && next.dueAt !== state.dueAt) data.dueAt = next.dueAt.toISOString();
  return { state: next, event: eventOf(state, next, input.action, input.actor, input.note ?? null, data, env.now) };
}

type EffectData = Record<string, unknown> & { keepStatus?: boolean };

/** What each action changes besides the status; returns the event's data. */
function effect(next: IncidentState, prev: IncidentState, input: ActionInput, env: WorkflowEnv): EffectData {
  const { now, limits, calendar } = env;
  switch (input.action) {
    case 'verify':
    case 'check_pass':
      return {};
    case 'void':
      return input.duplicateOf ? { duplicateOf: input.duplicateOf } : {};
    case 'register':
      next.registeredAt = now;
      Object.assign(next, startClock(next, next.level, now, limits, calendar));
      return {};
    case 'dispatch':
      return dispatch(next, input, now);
    case 'accept':
      return accept(next, input, now);
    case 'feedback':
      return feedback(next, input, now);
    case 'check_fail':
      next.reworkCount++;
      next.handledAt = null;
      next.dispatchedAt = now;
      next.departments = next.departments
        .filter((d) => d.status !== 'returned')
        .map((d) => ({ ...d, status: 'dispatched' as const, acceptedAt: null, finishedAt: null }));
      return { rework: next.reworkCount };
    case 'close':
      next.closedAt = now;
      next.closedLevel = next.level;
      next.closedOnTime = next.dueAt ? now <= next.dueAt : true;
      return { onTime: next.closedOnTime };
    case 'evaluate':
      next.rating = input.rating ?? null;
      next.ratingComment = input.comment ?? null;
      next.ratedAt = now;
      return { rating: input.rating, ...(input.comment ? { comment: input.comment } : {}) };
    case 'return':
      return giveBack(next, input, now);
    case 'extend': {
      if (!next.limitUnit || next.limitMinutes === null) throw conflict('the case has no running time limit to extend');
      next.limitMinutes += (input.amount ?? 0) * unitMinutes(next.limitUnit);
      next.extensionCount++;
      Object.assign(next, deadlines(next, calendar));
      return { amount: input.amount, unit: next.limitUnit };
    }
    case 'suspend':
      next.suspendedFrom = prev.status;
      next.suspendedAt = now;
      next.suspendCount++;
      next.dueAt = null;
      next.warnAt = null;
      return {};
    case 'resume':
      return resume(next, now, calendar);
    case 'urge':
      next.urgeCount++;
      return { urges: next.urgeCount };
    case 'reopen':
      next.closedAt = null;
      next.closedLevel = null;
      next.closedOnTime = null;
      next.rating = null;
      next.ratingComment = null;
      next.ratedAt = null;
      next.reopenCount++;
      restartAtLevel(next, now, env);
      return {};
    case 'place': {
      if (!input.areas || input.lon === undefined || input.lat === undefined) throw new Error('place: the server finds the areas of the point first');
      Object.assign(next, { lon: input.lon, lat: input.lat, ...input.areas });
      return { lon: input.lon, lat: input.lat, grid: input.areas.gridCode };
    }
    case 'escalate': {
      next.level = levelAbove(prev.level)!;
      restartAtLevel(next, now, env);
      return { fromLevel: prev.level, toLevel: next.level };
    }
  }
}

/** A fresh start at the case's (new) level: nobody assigned, a new clock. */
function restartAtLevel(next: IncidentState, now: Date, env: WorkflowEnv) {
  next.assignee = null;
  next.departments = [];
  next.dispatchedAt = null;
  next.handledAt = null;
  Object.assign(next, startClock(next, next.level, now, env.limits, env.calendar));
}

function dispatch(next: IncidentState, input: ActionInput, now: Date): EffectData {
  next.dispatchedAt = now;
  if (next.level !== 'district') {
    if (input.departments?.length) throw badRequest('invalid body: departments: departments are dispatched by the district centre; use assignee', {
      errors: [{ field: 'departments', message: 'only at district level' }],
    });
    next.assignee = input.assignee ?? null;
    return next.assignee ? { assignee: next.assignee } : {};
  }
  const codes = [...new Set(input.departments)];
  next.assignee = null;
  next.departments = codes.map((code) => ({ code, status: 'dispatched' as const, dispatchedAt: now, acceptedAt: null, finishedAt: null }));
  return { departments: codes };
}

/** At district level the acting department must be one the case is with, in one of `statuses`. */
function ownAssignment(next: IncidentState, input: ActionInput, statuses: readonly DepartmentAssignment['status'][]): DepartmentAssignment | null {
  // Keep in step with DEPARTMENT_PART in workflow.ts, which lists these for the web.
  if (next.level !== 'district') return null;
  const code = input.actor.department;
  if (!code) throw badRequest('invalid body: actor.department: a department acting at district level must give its code', {
    errors: [{ field: 'actor.department', message: 'required at district level' }],
  });
  const own = next.departments.find((d) => d.code === code);
  if (!own) throw conflict(`the case is not dispatched to department ${code}`, { departments: next.departments.map((d) => d.code) });
  if (!statuses.includes(own.status)) throw conflict(`department ${code} cannot ${input.action}: its part is ${own.status}`);
  return own;
}

function accept(next: IncidentState, input: ActionInput, now: Date): EffectData {
  const own = ownAssignment(next, input, ['dispatched']);
  if (!own) {
    next.assignee ??= input.actor.name;
    return {};
  }
  own.status = 'handling';
  own.acceptedAt = now;
  return { department: own.code };
}

function feedback(next: IncidentState, input: ActionInput, now: Date): EffectData {
  const own = ownAssignment(next, input, ['dispatched', 'handling']);
  if (!own) {
    next.handledAt = now;
    return {};
  }
  own.status = 'done';
  own.finishedAt = now;
  const waiting = next.departments.filter((d) => d.status === 'dispatched' || d.status === 'handling').map((d) => d.code);
  if (waiting.length > 0) {
    // Joint enforcement: the case is handled when every department has reported back.
    next.status = 'handling';
    return { department: own.code, waitingFor: waiting, keepStatus: true };
  }
  next.handledAt = now;
  return { department: own.code };
}

function giveBack(next: IncidentState, input: ActionInput, now: Date): EffectData {
  const own = ownAssignment(next, input, ['dispatched', 'handling']);
  next.assignee = null;
  next.dispatchedAt = null;
  if (!own) return {};
  own.status = 'returned';
  own.finishedAt = now;
  return { department: own.code };
}

function resume(next: IncidentState, now: Date, calendar: WorkingCalendar): EffectData {
  const since = next.suspendedAt ?? now;
  if (next.limitUnit) next.pausedMinutes += clockFor(next.limitUnit, calendar).between(since, now);
  next.suspendedSeconds += Math.max(0, (now.getTime() - since.getTime()) / 1000);
  next.status = next.suspendedFrom ?? 'registered';
  next.suspendedAt = null;
  next.suspendedFrom = null;
  Object.assign(next, deadlines(next, calendar));
  return { pausedMinutes: next.pausedMinutes };
}

/** The log line of a transition from `prev` (null at the report) to `next`. */
export function eventOf(prev: IncidentState | null, next: IncidentState, action: string, actor: Actor, note: string | null,
  data: Record<string, unknown>, at: Date): IncidentEvent {
  return {
    seq: next.version,
    action,
    fromStatus: prev?.status ?? null,
    toStatus: next.status,
    fromLevel: prev?.level ?? null,
    toLevel: next.level,
    actor,
    note,
    data: Object.keys(data).length ? data : null,
    at,
  };
}
