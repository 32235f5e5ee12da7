/**
 * The staff side of cases (/api/v1/incidents, /kpis): the shapes come from the server's own
 * types (type-only imports, erased in the bundle), so a changed answer breaks the type check.
 * Who acts is the signed-in user (the session cookie), never a field of the request.
 */
import type { ExtractSchema } from 'hono/types';
import type { IncidentDetail, IncidentSummary } from '../../api/incidents/render.ts';
import type { incidentRoutes } from '../../api/incidents/routes.ts';
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
/** A case as GET /incidents/{id} answers it: the detail, the signed-in user's actions and, for handlers, the citizen's link. */
export type CaseView = ExtractSchema<ReturnType<typeof incidentRoutes>>['/incidents/:id']['$get']['output'];

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

export interface ActionRequest {
  action: Action;
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
  /** A case with the actions the signed-in user may take (a department: its own part at district level). */
  get: (id: number, signal?: AbortSignal) => getJson<CaseView>(`${V1}/incidents/${id}`, {}, signal),
  /** Applies an action as the signed-in user; the answer is the case after it. */
  act: async (id: number, request: ActionRequest) =>
    (await requestJson<CaseView>(`${V1}/incidents/${id}/actions`, { method: 'POST', body: request })).body,
  messages: (id: number) => getJson<{ items: MessageRow[] }>(`${V1}/incidents/${id}/messages`),
  /** The centre's answer to the citizen, signed with the user's display name by the server. */
  reply: async (id: number, body: string) =>
    (await requestJson<MessageRow>(`${V1}/incidents/${id}/messages`, { method: 'POST', body: { body } })).body,
  kpis: (level: KpiLevel, code: string | undefined, from?: string, to?: string, signal?: AbortSignal) =>
    getJson<KpiReport>(`${V1}/kpis`, { level, code, from, to }, signal),
};
