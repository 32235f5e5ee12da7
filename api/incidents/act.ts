/**
 * Acting on a case and reading one. An action runs in a transaction on the locked case row
 * (SELECT … FOR UPDATE), so two dispatchers acting at once are applied one after the other,
 * each against the state the other left; `expectedVersion` lets a client refuse a stale view.
 */
import { HttpProblem, badRequest, notFound } from '../http/problem.ts';
import { rowToState } from './columns.ts';
import type { IncidentDeps } from './create.ts';
import type { IncidentState, Role } from './model.ts';
import { saveTransition, selectEvents, selectIncident, selectIncidentByTicket, selectPhotos, type AreaNames, type Photo } from './queries.ts';
import { renderDetail, type IncidentDetail } from './render.ts';
import { applyAction, type ActionInput } from './transition.ts';

export interface ActOptions {
  now?: Date;
  /** The version the client saw; a different current version is a 409. */
  expectedVersion?: number;
  /** Photos of the result (feedback). */
  photos?: Photo[];
}

const namesOf = (row: Record<string, any>): AreaNames => ({ street: row.street_name, community: row.community_name, grid: row.grid_name });

export async function actOnIncident(deps: IncidentDeps, id: number, input: ActionInput, options: ActOptions = {}): Promise<IncidentState> {
  const now = options.now ?? new Date();
  const ref = await deps.reference.get();
  const unknown = (input.departments ?? []).filter((code) => !ref.departments.has(code));
  if (unknown.length) {
    throw badRequest(`invalid body: departments: unknown department ${unknown.join(', ')}`, {
      errors: [{ field: 'departments', message: `unknown: ${unknown.join(', ')}` }],
    });
  }
  if (options.photos?.length && input.action !== 'feedback') {
    throw badRequest('invalid body: photos: photos go with the feedback action', { errors: [{ field: 'photos', message: 'feedback only' }] });
  }
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    const row = await selectIncident(client, id, true);
    if (!row) throw notFound(`no case has id ${id}`);
    const before = rowToState(row);
    if (options.expectedVersion !== undefined && options.expectedVersion !== before.version) {
      throw new HttpProblem(409, 'Conflict', `the case changed: it is at version ${before.version}, not ${options.expectedVersion}; reload it`, {
        currentVersion: before.version,
      });
    }
    const { state, event } = applyAction(before, input, { now, limits: ref.limits, calendar: ref.calendar });
    await saveTransition(client, before, state, event, options.photos ?? []);
    await client.query('COMMIT');
    return state;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export interface ReadOptions {
  now?: Date;
  role?: Role;
  /** A department's view of its part (district level). */
  department?: string;
  /** Mask the reporter's personal data (public answers). */
  mask?: boolean;
}

/** A case with its event log, photos and the actions it allows; null if there is none. */
export async function getIncident(deps: IncidentDeps, id: number, options: ReadOptions = {}): Promise<IncidentDetail | null> {
  return detailOf(deps, await selectIncident(deps.pool, id), options);
}

export async function getIncidentByTicket(deps: IncidentDeps, ticket: string, options: ReadOptions = {}): Promise<IncidentDetail | null> {
  return detailOf(deps, await selectIncidentByTicket(deps.pool, ticket), options);
}

async function detailOf(deps: IncidentDeps, row: Record<string, any> | null, options: ReadOptions): Promise<IncidentDetail | null> {
  if (!row) return null;
  const state = rowToState(row);
  const [ref, events, photos] = await Promise.all([deps.reference.get(), selectEvents(deps.pool, state.id), selectPhotos(deps.pool, state.id)]);
  return renderDetail(state, namesOf(row), ref, options.now ?? new Date(), {
    events,
    photos,
    role: options.role,
    department: options.department,
    mask: options.mask ?? false,
  });
}
