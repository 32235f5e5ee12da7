/** The vocabulary of a case and its state as the workflow sees it (one row of `incident`). */
import type { LimitUnit } from '../calendar/working-calendar.ts';

export const SOURCES = ['patrol', 'citizen_app', 'hotline_12345', 'petition', 'video', 'superior'] as const;
export type Source = (typeof SOURCES)[number];

export const PRIORITIES = ['normal', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** grid: grid staff handle it; street: the street command sub-centre (level 1); district: the district centre (level 2). */
export const LEVELS = ['grid', 'street', 'district'] as const;
export type Level = (typeof LEVELS)[number];

export const STATUSES = [
  'reported', // 上报, awaiting verification
  'verified', // 核实, awaiting registration
  'registered', // 立案, awaiting dispatch
  'dispatched', // 派遣, awaiting the handler
  'handling', // 处置中
  'handled', // 处置反馈, awaiting the check
  'checked', // 核查通过, awaiting closure
  'closed', // 结案
  'evaluated', // 评价
  'voided', // 作废
  'suspended', // 缓办: the clock is paused
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses in which a case is finished (closed_at set) or will never be. */
export const FINISHED: readonly Status[] = ['closed', 'evaluated', 'voided'];

export const ROLES = ['grid_worker', 'street_dispatcher', 'district_dispatcher', 'department', 'citizen', 'system'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  role: Role;
  name: string;
  /** The acting department's code, for a department at district level. */
  department?: string;
  /** The signed-in account that acted (none for the system and anonymous citizens). */
  username?: string;
}

export type DepartmentStatus = 'dispatched' | 'handling' | 'done' | 'returned';

export interface DepartmentAssignment {
  code: string;
  status: DepartmentStatus;
  dispatchedAt: Date;
  acceptedAt: Date | null;
  finishedAt: Date | null;
}

export interface IncidentState {
  id: number;
  ticket: string;
  source: Source;
  categoryCode: string;
  priority: Priority;
  status: Status;
  level: Level;
  /** Null for a case reported by address only, not placed yet (then the codes are null too). */
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  address: string | null;
  description: string;
  reporterName: string | null;
  reporterPhone: string | null;
  reportedBy: string;
  selfHandled: boolean;
  assignee: string | null;
  createdAt: Date;
  registeredAt: Date | null;
  dispatchedAt: Date | null;
  handledAt: Date | null;
  closedAt: Date | null;
  closedLevel: Level | null;
  closedOnTime: boolean | null;
  limitUnit: LimitUnit | null;
  limitMinutes: number | null;
  clockStartedAt: Date | null;
  pausedMinutes: number;
  dueAt: Date | null;
  warnAt: Date | null;
  suspendedAt: Date | null;
  suspendedFrom: Status | null;
  suspendedSeconds: number;
  suspendCount: number;
  extensionCount: number;
  reworkCount: number;
  urgeCount: number;
  reopenCount: number;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
  version: number;
  updatedAt: Date;
  departments: DepartmentAssignment[];
}

/** One line of the event log, as written. `seq` is the case's version after the event. */
export interface IncidentEvent {
  seq: number;
  action: string;
  fromStatus: Status | null;
  toStatus: Status;
  fromLevel: Level | null;
  toLevel: Level;
  actor: Actor;
  note: string | null;
  data: Record<string, unknown> | null;
  at: Date;
}
