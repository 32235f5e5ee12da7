/**
 * A new case: as reported (the 'report' event), or handled on the spot by a grid worker, which
 * closes it in the same step and still logs the chain.
 */
import type { Actor, IncidentEvent, IncidentState, Status } from './model.ts';
import { startClock } from './time-limit.ts';
import { eventOf, type Applied, type WorkflowEnv } from './transition.ts';
import type { Action } from './workflow.ts';

export type NewIncident = Pick<
  IncidentState,
  | 'source' | 'categoryCode' | 'priority' | 'level' | 'lon' | 'lat' | 'gridCode' | 'communityCode' | 'streetCode'
  | 'address' | 'description' | 'reporterName' | 'reporterPhone'
>;

/** A case as reported (id and ticket are given by the database), with its 'report' event. */
export function reportIncident(fields: NewIncident, actor: Actor, note: string | null, now: Date): Applied {
  // Spelled out, not `{...fields, ...}`: V8 builds a spread followed by many properties ~100× slower.
  const state: IncidentState = {
    id: 0, ticket: '', source: fields.source, categoryCode: fields.categoryCode, priority: fields.priority, status: 'reported',
    level: fields.level, lon: fields.lon, lat: fields.lat, gridCode: fields.gridCode, communityCode: fields.communityCode,
    streetCode: fields.streetCode, address: fields.address, description: fields.description, reporterName: fields.reporterName,
    reporterPhone: fields.reporterPhone, reportedBy: actor.name, selfHandled: false, assignee: null,
    createdAt: now, registeredAt: null, dispatchedAt: null, handledAt: null, closedAt: null, closedLevel: null,
    closedOnTime: null, limitUnit: null, limitMinutes: null, clockStartedAt: null, pausedMinutes: 0, dueAt: null,
    warnAt: null, suspendedAt: null, suspendedFrom: null, suspendedSeconds: 0, suspendCount: 0, extensionCount: 0,
    reworkCount: 0, urgeCount: 0, reopenCount: 0, rating: null, ratingComment: null, ratedAt: null, version: 1,
    updatedAt: now, departments: [],
  };
  return { state, event: eventOf(null, state, 'report', actor, note, { source: fields.source }, now) };
}

/**
 * A grid worker fixes it on the spot: report and closure in one step, still logged as
 * report → register → feedback → close, closed at grid level within its time limit.
 */
export function selfHandle(reported: Applied, env: WorkflowEnv): { state: IncidentState; events: IncidentEvent[] } {
  const { now } = env;
  const actor = reported.event.actor;
  const steps: [Action, Status][] = [['register', 'registered'], ['feedback', 'handled'], ['close', 'closed']];
  let state: IncidentState = Object.assign({ ...reported.state }, startClock(reported.state, 'grid', now, env.limits, env.calendar), {
    selfHandled: true, assignee: actor.name, registeredAt: now, dispatchedAt: now, handledAt: now,
    closedAt: now, closedLevel: 'grid' as const, closedOnTime: true,
  });
  const events = [reported.event];
  let prev: IncidentState = reported.state;
  for (const [action, status] of steps) {
    const current = { ...state, status, version: prev.version + 1 };
    events.push(eventOf(prev, current, action, actor, action === 'register' ? 'self-handled on the spot' : null, {}, now));
    prev = current;
  }
  state = { ...state, status: 'closed', version: prev.version };
  return { state, events };
}
