/** A case as the API answers it: a summary (lists, creation) and the detail (with log and actions). */
import type { AreaNames, EventRow, PhotoInfo } from './queries.ts';
import type { IncidentReference } from './reference.ts';
import type { IncidentState, Role } from './model.ts';
import { maskName, maskPhone } from '../privacy/index.ts';
import { light, usedShare } from './time-limit.ts';
import { allowedActions } from './workflow.ts';
import { unitMinutes } from '../calendar/working-calendar.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function renderSummary(state: IncidentState, names: AreaNames, ref: IncidentReference, now: Date) {
  const category = ref.categories.get(state.categoryCode);
  const share = usedShare(state, now, ref.calendar);
  return {
    id: state.id,
    ticket: state.ticket,
    source: state.source,
    category: {
      code: state.categoryCode,
      name: category?.name ?? null,
      majorCode: state.categoryCode.slice(0, 2),
      majorName: category?.majorName ?? null,
    },
    priority: state.priority,
    status: state.status,
    level: state.level,
    // null until a case reported by address only is placed
    location: state.lon === null || state.lat === null ? null : { lon: state.lon, lat: state.lat },
    street: { code: state.streetCode, name: names.street },
    community: { code: state.communityCode, name: names.community },
    grid: { code: state.gridCode, name: names.grid },
    address: state.address,
    description: state.description,
    selfHandled: state.selfHandled,
    assignee: state.assignee,
    departments: state.departments.map((d) => ({
      code: d.code,
      name: ref.departments.get(d.code) ?? null,
      status: d.status,
      dispatchedAt: iso(d.dispatchedAt),
      acceptedAt: iso(d.acceptedAt),
      finishedAt: iso(d.finishedAt),
    })),
    createdAt: iso(state.createdAt),
    registeredAt: iso(state.registeredAt),
    dispatchedAt: iso(state.dispatchedAt),
    handledAt: iso(state.handledAt),
    closedAt: iso(state.closedAt),
    closedLevel: state.closedLevel,
    closedOnTime: state.closedOnTime,
    dueAt: iso(state.dueAt),
    light: light(state, now),
    timeLimit: state.limitUnit
      ? {
          unit: state.limitUnit,
          amount: (state.limitMinutes ?? 0) / unitMinutes(state.limitUnit),
          startedAt: iso(state.clockStartedAt),
          dueAt: iso(state.dueAt),
          warnAt: iso(state.warnAt),
          usedShare: share === null ? null : Math.round(share * 1000) / 1000,
          pausedMinutes: Math.round(state.pausedMinutes),
          paused: state.status === 'suspended',
        }
      : null,
    counts: {
      extensions: state.extensionCount,
      reworks: state.reworkCount,
      urges: state.urgeCount,
      reopens: state.reopenCount,
      suspensions: state.suspendCount,
    },
    rating: state.rating ? { score: state.rating, comment: state.ratingComment, at: iso(state.ratedAt) } : null,
    version: state.version,
    updatedAt: iso(state.updatedAt),
  };
}

export interface DetailExtras {
  events: EventRow[];
  photos: PhotoInfo[];
  /** Show the actions of this role only (and of this department's part, at district level). */
  role?: Role;
  department?: string;
  /** Public answers always mask the reporter. */
  mask: boolean;
}

export function renderDetail(state: IncidentState, names: AreaNames, ref: IncidentReference, now: Date, extras: DetailExtras) {
  return {
    ...renderSummary(state, names, ref, now),
    reporter: {
      by: state.reportedBy,
      name: extras.mask ? maskName(state.reporterName) : state.reporterName,
      phone: extras.mask ? maskPhone(state.reporterPhone) : state.reporterPhone,
    },
    photos: extras.photos.map((p) => ({ ...p, url: `/api/v1/incidents/${state.id}/photos/${p.id}` })),
    allowedActions: allowedActions(state, extras.role, extras.department),
    events: extras.events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}

export type IncidentSummary = ReturnType<typeof renderSummary>;
export type IncidentDetail = ReturnType<typeof renderDetail>;
