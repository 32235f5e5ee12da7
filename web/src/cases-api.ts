/**
 * The staff side of cases (/api/v1/incidents, /kpis): typed clients of the incident, message and
 * KPI routes (type-only imports, erased in the bundle), so a changed answer or parameter breaks
 * the type check. Who acts is the signed-in user (the session cookie), never a field of the request.
 */
import type { InferRequestType } from 'hono/client';
import type { CitizenRoutes } from '../../api/citizens/routes.ts';
import type { IncidentRoutes } from '../../api/incidents/routes.ts';
import type { KpiRoutes } from '../../api/kpis/routes.ts';
import type { Level, Priority, Role, Source, Status } from '../../api/incidents/model.ts';
import type { Action } from '../../api/incidents/workflow.ts';
import { client, read } from './api.ts';

const incidents = client<IncidentRoutes>();
const messages = client<CitizenRoutes>();
const kpis = client<KpiRoutes>();
const signalled = (signal?: AbortSignal) => (signal ? { init: { signal } } : undefined);

export type { Action, Level, Priority, Role, Source, Status };
export type IncidentReferenceView = Awaited<ReturnType<typeof casesApi.reference>>;
export type Category = IncidentReferenceView['categories'][number];
export type IncidentPage = Awaited<ReturnType<typeof casesApi.list>>;
export type IncidentSummary = IncidentPage['items'][number];
export type Light = NonNullable<IncidentSummary['light']>;
/** A case as GET /incidents/{id} answers it: the detail, the signed-in user's actions and, for handlers, the citizen's link. */
export type CaseView = Awaited<ReturnType<typeof casesApi.get>>;
export type IncidentDetail = CaseView;
export type AllowedAction = CaseView['allowedActions'][number];
export type IncidentEventView = CaseView['events'][number];
export type MessageRow = Awaited<ReturnType<typeof casesApi.messages>>['items'][number];
export type KpiReport = Awaited<ReturnType<typeof casesApi.kpis>>;
export type KpiLevel = KpiReport['scope']['level'];

type ListQuery = NonNullable<InferRequestType<typeof incidents.incidents.$get>['query']>;
/** The desk's filters, as the list endpoint takes them (every field optional). */
export type CaseFilter = Partial<Pick<ListQuery, 'status' | 'open' | 'level' | 'source' | 'category' | 'street' | 'community' | 'grid' | 'overdue' | 'light' | 'ticket' | 'from' | 'to' | 'sort'>>;

/** An action as POST /incidents/{id}/actions takes it; feedback photos are base64 (data: URLs). */
export type ActionRequest = InferRequestType<(typeof incidents.incidents)[':id']['actions']['$post']>['json'];

export const casesApi = {
  reference: () => read(incidents.incidents.reference.$get()),
  list: (filter: CaseFilter, cursor: string | null, limit: number, signal?: AbortSignal) =>
    read(incidents.incidents.$get({ query: { ...filter, cursor: cursor ?? undefined, limit: String(limit) } }, signalled(signal))),
  /** A case with the actions the signed-in user may take (a department: its own part at district level). */
  get: (id: number, signal?: AbortSignal) => read(incidents.incidents[':id'].$get({ param: { id: String(id) } }, signalled(signal))),
  /** Applies an action as the signed-in user; the answer is the case after it. */
  act: (id: number, request: ActionRequest) => read(incidents.incidents[':id'].actions.$post({ param: { id: String(id) }, json: request })),
  messages: (id: number) => read(messages.incidents[':id'].messages.$get({ param: { id: String(id) } })),
  /** The centre's answer to the citizen, signed with the user's display name by the server. */
  reply: (id: number, body: string) => read(messages.incidents[':id'].messages.$post({ param: { id: String(id) }, json: { body } })),
  kpis: (level: 'district' | 'street' | 'community' | 'grid', code: string | undefined, from?: string, to?: string, signal?: AbortSignal) =>
    read(kpis.kpis.$get({ query: { level, code, from, to } }, signalled(signal))),
};
