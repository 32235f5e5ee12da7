/**
 * Every path of the state machine, table-driven: every action from every status at every level
 * either leads where TRANSITIONS says (for an allowed role, with its required fields) or is a
 * 409 listing the allowed actions; wrong roles are 403, missing fields 400.
 */
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/problem.ts';
import { LEVELS, ROLES, STATUSES, type IncidentState, type Level, type Role, type Status } from './model.ts';
import { actors, caseIn, envAt } from './test-support.ts';
import { applyAction, type ActionInput } from './transition.ts';
import { ACTIONS, allowedActions, fromStatuses, requiredFields, TRANSITIONS, type Action } from './workflow.ts';

const now = new Date('2026-11-24T02:00:00Z'); // a Tuesday, 10:00 in Shanghai

/** A complete request for an action by a role on a case: every field it could need. */
function inputFor(action: Action, role: Role, state: IncidentState): ActionInput {
  const actor = { role, name: `a ${role}` } as ActionInput['actor'];
  if (role === 'department' && state.level === 'district') {
    const wanted = action === 'accept' ? 'dispatched' : undefined;
    actor.department = state.departments.find((d) => !wanted || d.status === wanted)?.code;
  }
  return {
    action,
    actor,
    note: 'a note',
    amount: 1,
    rating: 4,
    ...(action === 'dispatch' && state.level === 'district' ? { departments: ['urban_management', 'water'] } : {}),
    ...(action === 'dispatch' && state.level !== 'district' ? { assignee: 'someone' } : {}),
    ...(action === 'place' ? { lon: 118.63, lat: 32.06, areas: { gridCode: '320111001001001', communityCode: '320111001001', streetCode: '320111001' } } : {}),
  };
}

/** The fixture, adjusted where an action needs more (a second department still to accept, no point yet to place). */
function fixture(action: Action, status: Status, level: Level): IncidentState {
  const state = caseIn(status, level, now);
  if (action === 'place') Object.assign(state, { lon: null, lat: null, gridCode: null, communityCode: null, streetCode: null });
  if (action === 'accept' && level === 'district' && status === 'handling') {
    state.departments.push({ code: 'water', status: 'dispatched', dispatchedAt: now, acceptedAt: null, finishedAt: null });
  }
  return state;
}

const combos = ACTIONS.flatMap((action) => STATUSES.flatMap((status) => LEVELS.map((level) => ({ action, status, level }))));
const isAllowed = ({ action, status, level }: (typeof combos)[number]) =>
  Boolean(TRANSITIONS[action].roles[level]) && fromStatuses(TRANSITIONS[action], level).includes(status);

function caught(run: () => unknown): HttpProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected an HttpProblem');
}

describe('allowed transitions lead where the table says', () => {
  it.each(combos.filter(isAllowed))('$action from $status at $level', ({ action, status, level }) => {
    const state = fixture(action, status, level);
    const transition = TRANSITIONS[action];
    for (const role of transition.roles[level]!) {
      const { state: next, event } = applyAction(state, inputFor(action, role, state), envAt(now));
      const expected = transition.to === 'same' ? status : transition.to === 'previous' ? state.suspendedFrom : transition.to;
      expect(next.status).toBe(action === 'accept' ? 'handling' : expected);
      expect(next.version).toBe(state.version + 1);
      expect(event).toMatchObject({ seq: next.version, action, fromStatus: status, toStatus: next.status, fromLevel: level, actor: { role } });
      if (action === 'escalate') expect(next.level).toBe(level === 'grid' ? 'street' : 'district');
      else expect(next.level).toBe(level);
    }
  });
});

describe('illegal transitions are 409 with the allowed actions listed', () => {
  it.each(combos.filter((c) => !isAllowed(c)))('$action from $status at $level', ({ action, status, level }) => {
    const state = fixture(action, status, level);
    const problem = caught(() => applyAction(state, inputFor(action, 'district_dispatcher', state), envAt(now)));
    expect(problem.status).toBe(409);
    const allowed = allowedActions(state);
    expect(problem.extensions.allowedActions).toEqual(allowed);
    expect(problem.detail).toContain(`cannot ${action}`);
    expect(problem.detail).toContain(allowed.map((a) => a.action).join(', ') || 'none');
  });

  it('covers every combination of action, status and level', () => {
    expect(combos).toHaveLength(ACTIONS.length * STATUSES.length * LEVELS.length);
    expect(combos.filter(isAllowed).length).toBeGreaterThan(40);
  });
});

describe('roles and required fields', () => {
  it.each(combos.filter(isAllowed))('a role not allowed to $action from $status at $level gets 403', ({ action, status, level }) => {
    const allowed = TRANSITIONS[action].roles[level]!;
    const wrong = ROLES.find((r) => !allowed.includes(r))!;
    const state = fixture(action, status, level);
    const problem = caught(() => applyAction(state, inputFor(action, wrong, state), envAt(now)));
    expect(problem.status).toBe(403);
    expect(problem.extensions.allowedRoles).toEqual(allowed);
  });

  const withFields = combos.filter(isAllowed).flatMap((c) => requiredFields(c.action, c.level).map((field) => ({ ...c, field })));
  it.each(withFields)('$action at $level without $field is 400 naming it', ({ action, status, level, field }) => {
    const state = fixture(action, status, level);
    const input = inputFor(action, TRANSITIONS[action].roles[level]![0], state) as unknown as Record<string, unknown>;
    delete input[field];
    const problem = caught(() => applyAction(state, input as unknown as ActionInput, envAt(now)));
    expect(problem.status).toBe(400);
    expect(problem.detail).toContain(field);
  });

  it('lists the actions of one role for the web', () => {
    const state = caseIn('handling', 'grid', now);
    expect(allowedActions(state, 'grid_worker').map((a) => a.action)).toEqual(['feedback', 'return', 'escalate']);
    expect(allowedActions(state, 'street_dispatcher').map((a) => a.action)).toEqual(['extend', 'suspend', 'urge', 'escalate']);
    expect(allowedActions(state, 'citizen')).toEqual([]);
    expect(allowedActions(caseIn('registered', 'district', now)).find((a) => a.action === 'dispatch')?.requires).toEqual(['departments']);
  });
});

describe('department actions at district level', () => {
  it('needs the acting department and one the case is with', () => {
    const state = caseIn('dispatched', 'district', now);
    const missing = caught(() => applyAction(state, { action: 'accept', actor: actors.unit }, envAt(now)));
    expect(missing.status).toBe(400);
    expect(missing.detail).toContain('actor.department');
    const other = caught(() => applyAction(state, { action: 'accept', actor: actors.dept('water') }, envAt(now)));
    expect(other.status).toBe(409);
    expect(other.detail).toContain('not dispatched to department water');
  });

  it('refuses departments at grid and street level', () => {
    const state = caseIn('registered', 'street', now);
    const problem = caught(() => applyAction(state, { action: 'dispatch', actor: actors.street, departments: ['water'] }, envAt(now)));
    expect(problem.status).toBe(400);
    expect(problem.detail).toContain('departments');
  });
});
