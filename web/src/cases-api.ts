/**
 * The staff side of cases (/api/v1/incidents, /kpis): the shapes come from the server's own
 * types (type-only imports, erased in the bundle), so a changed answer breaks the type check.
 */
import type { IncidentDetail, IncidentSummary } from '../../api/incidents/render.ts';
import type { IncidentPage } from '../../api/incidents/list.ts';
import type { Category } from '../../api/incidents/reference.ts';
import type { Level, Priority, Role, Source, Status } from '../../api/incidents/model.ts';
import type { Action, AllowedAction, Transition } from '../../api/incidents/workflow.ts';
import type { computeKpis } from '../../api/kpis/routes.ts';
import type { MessageRow } from '../../api/citizens/queries.ts';
import { getJson, requestJson, V1 } from './api.ts';

export type { Action, AllowedAction, Category, IncidentDetail, IncidentSummary, Level, MessageRow, Priority, Role, Source, Status };
export type Light = NonNullable<IncidentSummary['light']>;
export type IncidentEventView = IncidentDetail['events'][number];
export type KpiReport = Awaited<ReturnType<typeof computeKpis>>;
export type KpiLevel = KpiReport['scope']['level'];

export interface IncidentReferenceView {
  categories: Category[];
  departments: { code: string; name: string }[];
  sources: Source[];
  priorities: Priority[];
  levels: Level[];
  statuses: Status[];
  roles: Role[];
  transitions: Record<Action, Transition>;
}

/** The desk's filters, as the list endpoint takes them (every field optional). */
export interface CaseFilter {
  status?: string;
  open?: 'true' | 'false';
  level?: string;
  source?: string;
  category?: string;
  street?: string;
  community?: string;
  grid?: string;
  overdue?: 'true';
  light?: string;
  ticket?: string;
  from?: string;
  to?: string;
  sort?: 'created' | 'due';
}

/** The acting user: roles are not authenticated yet, the desk says who it is. */
export interface ActorInput {
  role: Role;
  name: string;
  department?: string;
}

export interface ActionRequest {
  action: Action;
  actor: ActorInput;
  note?: string;
  departments?: string[];
  assignee?: string;
  amount?: number;
  duplicateOf?: number;
  expectedVersion?: number;
  /** feedback: photos of the result, base64 (data: URLs). */
  photos?: { data: string }[];
}

export const casesApi = {
  reference: () => getJson<IncidentReferenceView>(`${V1}/incidents/reference`),
  list: (filter: CaseFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    getJson<IncidentPage>(`${V1}/incidents`, { ...filter, cursor: cursor ?? undefined, limit: String(limit) }, signal),
  /** A case with the actions of `role` (and, for a department, of its own part at district level). */
  get: (id: number, role: Role, department: string | undefined, signal?: AbortSignal) =>
    getJson<IncidentDetail>(`${V1}/incidents/${id}`, { role, department }, signal),
  /** Applies an action; the answer is the case after it, with the acting role's actions. */
  act: async (id: number, request: ActionRequest) =>
    (await requestJson<IncidentDetail>(`${V1}/incidents/${id}/actions`, { method: 'POST', body: request })).body,
  messages: (id: number) => getJson<{ items: MessageRow[] }>(`${V1}/incidents/${id}/messages`),
  reply: async (id: number, body: string, author: string) =>
    (await requestJson<MessageRow>(`${V1}/incidents/${id}/messages`, { method: 'POST', body: { body, author } })).body,
  kpis: (level: KpiLevel, code: string | undefined, from?: string, to?: string, signal?: AbortSignal) =>
    getJson<KpiReport>(`${V1}/kpis`, { level, code, from, to }, signal),
};
