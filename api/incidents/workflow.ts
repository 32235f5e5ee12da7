/**
 * The state machine of a case, as one table: for each action, the statuses it may start from,
 * the status it leads to, and which roles may take it at each level. The server enforces it
 * (transition.ts) and lists from it the actions a case allows (for the web's buttons).
 */
import type { IncidentState, Level, Role, Status } from './model.ts';

export const ACTIONS = [
  'verify', 'void', 'register', 'dispatch', 'accept', 'feedback', 'check_pass', 'check_fail', 'close',
  'evaluate', 'return', 'extend', 'suspend', 'resume', 'urge', 'reopen', 'escalate', 'place',
] as const;
export type Action = (typeof ACTIONS)[number];

type RolesByLevel = Partial<Record<Level, readonly Role[]>>;

export interface Transition {
  /** The statuses it starts from (per level where they differ). */
  from: readonly Status[] | Partial<Record<Level, readonly Status[]>>;
  /** 'same': the status does not change; 'previous': back to the status before suspension. */
  to: Status | 'same' | 'previous';
  roles: RolesByLevel;
  /** Request fields the action needs besides the actor (the web builds its form from them). */
  requires: readonly string[];
}

const everyLevel = (roles: readonly Role[]): RolesByLevel => ({ grid: roles, street: roles, district: roles });

/** The sub-centre runs grid- and street-level cases; the district centre its own. */
const DISPATCHER: RolesByLevel = { grid: ['street_dispatcher'], street: ['street_dispatcher'], district: ['district_dispatcher'] };
/** Grid staff handle grid-level cases; street units and district departments the others. */
const HANDLER: RolesByLevel = { grid: ['grid_worker'], street: ['department'], district: ['department'] };
/** Grid staff go and look on site (核实, 核查); the level's dispatcher may too. */
const ON_SITE: RolesByLevel = {
  grid: ['grid_worker', 'street_dispatcher'],
  street: ['grid_worker', 'street_dispatcher'],
  district: ['grid_worker', 'district_dispatcher'],
};
const OPEN: readonly Status[] = ['registered', 'dispatched', 'handling'];

export const TRANSITIONS: Record<Action, Transition> = {
  verify: { from: ['reported'], to: 'verified', roles: ON_SITE, requires: [] },
  void: { from: ['reported', 'verified'], to: 'voided', roles: DISPATCHER, requires: ['note'] },
  register: { from: ['verified'], to: 'registered', roles: DISPATCHER, requires: [] },
  dispatch: { from: ['registered'], to: 'dispatched', roles: DISPATCHER, requires: [] },
  // At district level the case is handling once one department accepts; the others still accept.
  accept: { from: { grid: ['dispatched'], street: ['dispatched'], district: ['dispatched', 'handling'] }, to: 'handling', roles: HANDLER, requires: [] },
  feedback: { from: ['dispatched', 'handling'], to: 'handled', roles: HANDLER, requires: ['note'] },
  check_pass: { from: ['handled'], to: 'checked', roles: ON_SITE, requires: [] },
  check_fail: { from: ['handled'], to: 'dispatched', roles: ON_SITE, requires: ['note'] },
  close: { from: ['checked'], to: 'closed', roles: DISPATCHER, requires: [] },
  evaluate: { from: ['closed'], to: 'evaluated', roles: everyLevel(['citizen', 'system']), requires: ['rating'] },
  return: { from: ['dispatched', 'handling'], to: 'registered', roles: HANDLER, requires: ['note'] },
  extend: { from: OPEN, to: 'same', roles: DISPATCHER, requires: ['amount', 'note'] },
  suspend: { from: OPEN, to: 'suspended', roles: DISPATCHER, requires: ['note'] },
  resume: { from: ['suspended'], to: 'previous', roles: DISPATCHER, requires: [] },
  urge: {
    from: [...OPEN, 'handled', 'checked'],
    to: 'same',
    // 督办 comes from above: the district may urge any case, the sub-centre its own.
    roles: {
      grid: ['street_dispatcher', 'district_dispatcher', 'system'],
      street: ['street_dispatcher', 'district_dispatcher', 'system'],
      district: ['district_dispatcher', 'system'],
    },
    requires: [],
  },
  reopen: { from: ['closed', 'evaluated'], to: 'registered', roles: DISPATCHER, requires: ['note'] },
  escalate: { from: OPEN, to: 'registered', roles: { grid: ['grid_worker', 'street_dispatcher'], street: ['street_dispatcher'] }, requires: ['note'] },
  // A case reported by address only (sql/010) is seen by the district centre alone, which
  // places it on the map; then it is an ordinary case of the grid its point lies in.
  place: { from: ['reported', 'verified'], to: 'same', roles: everyLevel(['district_dispatcher']), requires: ['lon', 'lat'] },
};

/** Until it is placed, a case reported by address only allows these actions alone. */
export const UNPLACED_ACTIONS: readonly Action[] = ['place', 'void'];

/** Whether a case still has no point (reported by address only); callers that omit lon mean a placed case. */
export const isUnplaced = (state: { lon?: number | null }) => state.lon === null;

/**
 * Who may take an action on a case now: the roles of the case's level, or, while the case is
 * not placed, the district centre alone (no street or grid sees it) and only UNPLACED_ACTIONS.
 */
export function rolesFor(action: Action, state: Pick<IncidentState, 'level'> & { lon?: number | null }): readonly Role[] | undefined {
  if (isUnplaced(state)) return UNPLACED_ACTIONS.includes(action) ? ['district_dispatcher'] : undefined;
  return action === 'place' ? undefined : TRANSITIONS[action].roles[state.level];
}

/** The statuses an action starts from at a level. */
export function fromStatuses(transition: Transition, level: Level): readonly Status[] {
  return Array.isArray(transition.from) ? transition.from : ((transition.from as Partial<Record<Level, readonly Status[]>>)[level] ?? []);
}

/** Fields an action needs only at some levels. */
export function requiredFields(action: Action, level: Level): readonly string[] {
  if (action === 'dispatch') return level === 'district' ? ['departments'] : [];
  return TRANSITIONS[action].requires;
}

export interface AllowedAction {
  action: Action;
  roles: readonly Role[];
  requires: readonly string[];
}

/** What a department may do at district level, given its own part of the case. */
const DEPARTMENT_PART: Partial<Record<Action, readonly string[]>> = {
  accept: ['dispatched'],
  feedback: ['dispatched', 'handling'],
  return: ['dispatched', 'handling'],
};

/**
 * The actions a case allows now: for anyone, for one role, or for one department (at district
 * level a department sees only what its own part allows: accept once, report back once).
 */
export function allowedActions(
  state: Pick<IncidentState, 'status' | 'level' | 'departments'> & { lon?: number | null },
  role?: Role,
  department?: string,
): AllowedAction[] {
  const allowed: AllowedAction[] = [];
  const own = department && state.level === 'district' ? state.departments.find((d) => d.code === department) : undefined;
  for (const action of ACTIONS) {
    const transition = TRANSITIONS[action];
    const roles = rolesFor(action, state);
    if (!roles || !fromStatuses(transition, state.level).includes(state.status)) continue;
    if (role && !roles.includes(role)) continue;
    if (department && state.level === 'district' && DEPARTMENT_PART[action] && !DEPARTMENT_PART[action]!.includes(own?.status ?? '')) continue;
    allowed.push({ action, roles, requires: requiredFields(action, state.level) });
  }
  return allowed;
}

/** The next level up, or null at the district. */
export function levelAbove(level: Level): Level | null {
  return level === 'grid' ? 'street' : level === 'street' ? 'district' : null;
}
