/**
 * Who uses Lianqin: the roles of accounts, and what each may do with cases and records. The
 * workflow (api/incidents/workflow.ts) has its own, older vocabulary of acting roles; an
 * account acts in the workflow as ACTING_ROLE says.
 */
import type { Role as WorkflowRole } from '../incidents/model.ts';

export const ROLES = [
  'citizen', 'grid_worker', 'street_dispatcher', 'district_commander', 'department_staff', 'analyst', 'planner', 'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Every role but citizen: accounts bound to a jurisdiction. */
export const STAFF: readonly Role[] = ROLES.filter((r) => r !== 'citizen');

/** The role an account takes in the case workflow; null: it reads cases but never acts on them. */
export const ACTING_ROLE: Record<Role, WorkflowRole | null> = {
  citizen: 'citizen',
  grid_worker: 'grid_worker',
  street_dispatcher: 'street_dispatcher',
  district_commander: 'district_dispatcher',
  department_staff: 'department',
  analyst: null,
  planner: null,
  admin: null,
};

/** Roles that handle cases: they see reporters' details and petitions (信访) case by case. */
export const CASE_HANDLERS: readonly Role[] = ['grid_worker', 'street_dispatcher', 'district_commander', 'department_staff'];

/** Roles that read the case queue and cases (analysts: without reporters' details or petitions). */
export const CASE_READERS: readonly Role[] = [...CASE_HANDLERS, 'analyst'];

/** Roles that open cases on the desk (citizens report through /public/reports). */
export const CASE_CREATORS: readonly Role[] = ['grid_worker', 'street_dispatcher', 'district_commander'];

/** Roles that read grid-database records (masked unless SEES_RECORDS_UNMASKED). */
export const RECORD_READERS: readonly Role[] = ['grid_worker', 'street_dispatcher', 'district_commander', 'analyst', 'planner', 'admin'];

/** Grid workers know their residents by name: they see their grid's records unmasked (every read logged). */
export const SEES_RECORDS_UNMASKED: readonly Role[] = ['grid_worker'];

/** Roles that read aggregates: statistics and KPIs of their jurisdiction. */
export const AGGREGATE_READERS: readonly Role[] = [...STAFF];

/** Roles that write the grid database (imports). */
export const RECORD_WRITERS: readonly Role[] = ['admin'];
