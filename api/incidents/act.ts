/**
 * Acting on a case and reading one. An action runs in a transaction on the locked case row
 * (SELECT … FOR UPDATE), so two dispatchers acting at once are applied one after the other,
 * each against the state the other left; `expectedVersion` lets a client refuse a stale view.
 */
import type pg from 'pg';
import { withScope, type DataScope } from '../auth/scope.ts';
import type { Queryable } from '../db/database.ts';
import { inTransaction } from '../db/transaction.ts';
import { HttpProblem, badRequest, notFound } from '../http/problem.ts';
import { rowToState } from './columns.ts';
import { locate, type IncidentDeps } from './create.ts';
import type { IncidentState, Role } from './model.ts';
import { saveTransition, selectEvents, selectIncident, selectPhotos, type AreaNames, type IncidentRead, type Photo } from './queries.ts';
import { renderDetail, type IncidentDetail } from './render.ts';
import { applyAction, type ActionInput } from './transition.ts';

export interface ActOptions {
  now?: Date;
  /** The acting user's scope: the case is read and written under row-level security. */
  scope?: DataScope;
  /** The version the client saw; a different current version is a 409. */
  expectedVersion?: number;
  /** Photos of the result (feedback). */
  photos?: Photo[];
}

const namesOf = (row: IncidentRead): AreaNames => ({ street: row.street_name, community: row.community_name, grid: row.grid_name });

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
  if (input.action === 'place') {
    // Without lon/lat, applyAction answers which field is missing.
    const where = await locate(deps, input);
    if (where) input = { ...input, areas: { gridCode: where.grid.code, communityCode: where.community.code, streetCode: where.street.code } };
  } else if (input.lon !== undefined || input.lat !== undefined) {
    throw badRequest('invalid body: lon: a point goes with the place action only', { errors: [{ field: 'lon', message: 'place only' }] });
  }
  const work = async (client: pg.PoolClient) => {
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
    return state;
  };
  return options.scope ? withScope(deps.pool, options.scope, work) : inTransaction(deps.pool, work);
}

export interface ReadOptions {
  now?: Date;
  /** The reader's scope: the case, its log and photos are read under row-level security. */
  scope?: DataScope;
  role?: Role;
  /** A department's view of its part (district level). */
  department?: string;
  /** Mask the reporter's personal data (public answers, readers who do not handle cases). */
  mask?: boolean;
}

/** Reads under the scope when there is one, else on the pool (public and system readers). */
export function readIn<T>(deps: IncidentDeps, scope: DataScope | undefined, work: (db: Queryable) => Promise<T>): Promise<T> {
  return scope ? withScope(deps.pool, scope, work) : work(deps.pool);
}

/** A case with its event log, photos and the actions it allows; null if there is none (or not in scope). */
export async function getIncident(deps: IncidentDeps, id: number, options: ReadOptions = {}): Promise<IncidentDetail | null> {
  return detailOf(deps, (db) => selectIncident(db, id), options);
}


async function detailOf(deps: IncidentDeps, select: (db: Queryable) => Promise<IncidentRead | null>, options: ReadOptions): Promise<IncidentDetail | null> {
  const ref = await deps.reference.get();
  // One after the other: inside a scope they share one connection.
  const read = await readIn(deps, options.scope, async (db) => {
    const row = await select(db);
    if (!row) return null;
    const id = Number(row.id);
    return { row, events: await selectEvents(db, id), photos: await selectPhotos(db, id) };
  });
  if (!read) return null;
  const { row, events, photos } = read;
  const state = rowToState(row);
  return renderDetail(state, namesOf(row), ref, options.now ?? new Date(), {
    events,
    photos,
    role: options.role,
    department: options.department,
    mask: options.mask ?? false,
  });
}
