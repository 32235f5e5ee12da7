/**
 * Registering a new case: the domain function behind POST /incidents, the citizen report and
 * (later) Open311. The location gives grid, community and street through the app's grid index;
 * a point outside every grid is refused (422): no street or department could take it. A case
 * with an address and no point (Open311 allows it) is created unplaced: no grid, community or
 * street, seen district-wide only (sql/010_incident_unplaced.sql).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { GridIndex } from '../lookup/grid-index.ts';
import { HttpProblem, badRequest } from '../http/problem.ts';
import { rowToState } from './columns.ts';
import type { Actor, IncidentState, Level, Priority, Source } from './model.ts';
import { insertIncident, purgeIdempotencyKeys, readIdempotencyKey, selectPhotos, type AreaNames, type IdempotencyGuard, type IncidentSnapshot, type Photo, type PhotoInfo } from './queries.ts';
import { ReferenceCache } from './reference.ts';
import { TicketAccess } from '../citizens/ticket-access.ts';
import { AfterCommitNotifier } from '../tiles/after-commit.ts';
import { reportIncident, selfHandle } from './new-case.ts';

/** What every incident function needs. */
export interface IncidentDeps {
  pool: pg.Pool;
  gridIndex: GridIndex;
  reference: ReferenceCache;
  /** Access tokens of public tickets. */
  tickets: TicketAccess;
  /** When old idempotency keys were last purged (done in passing, at most hourly). */
  keysPurgedAt?: number;
  /** Tells tile servers of a created case once it is committed (the insert defers its notification, sql/015). */
  tileChanges: AfterCommitNotifier;
}

/** `notifyTiles` false for the embedded database, whose tile versions are its sequences. */
export function incidentDeps(pool: pg.Pool, gridIndex: GridIndex, notifyTiles = true): IncidentDeps {
  return {
    pool, gridIndex, reference: new ReferenceCache(pool), tickets: new TicketAccess(pool), keysPurgedAt: 0,
    tileChanges: new AfterCommitNotifier(pool, notifyTiles),
  };
}

const PURGE_EVERY_MS = 3_600_000;

export interface CreateInput {
  source: Source;
  categoryCode: string;
  priority: Priority;
  level: Level;
  /** Absent for a case reported by address only (Open311): created unplaced, for the district centre to place. */
  lon?: number;
  lat?: number;
  description: string;
  address?: string | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
  actor: Actor;
  note?: string | null;
  /** A grid worker fixed it on the spot: the case is created closed, the chain still logged. */
  selfHandled?: boolean;
  photos?: Photo[];
}

export interface CreateOptions {
  /** The clock (tests and the demo set it). */
  now?: Date;
  /** Idempotency-Key of the request: a retry answers the same case; the key with another body is refused. */
  idempotency?: IdempotencyGuard | null;
}

export interface Created {
  state: IncidentState;
  names: AreaNames;
  photos: PhotoInfo[];
  /** true when this answers a retry of an earlier request. */
  replayed: boolean;
}

/** SHA-256 of a request, to tell a retry from a reused key. */
export function requestHash(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

export async function createIncident(deps: IncidentDeps, input: CreateInput, options: CreateOptions = {}): Promise<Created> {
  const now = options.now ?? new Date();
  const ref = await deps.reference.get();
  if (!ref.categories.has(input.categoryCode)) {
    throw badRequest(`invalid body: category: ${input.categoryCode} is not a GB/T 47678.5 matter code`, {
      errors: [{ field: 'category', message: 'unknown category' }],
    });
  }
  if (input.selfHandled && (input.actor.role !== 'grid_worker' || input.level !== 'grid')) {
    throw badRequest('invalid body: selfHandled: only a grid worker handles a case on the spot, at grid level', {
      errors: [{ field: 'selfHandled', message: 'grid worker at grid level only' }],
    });
  }
  const where = await locate(deps, input);
  if (!where && !input.address?.trim()) {
    throw badRequest('invalid body: a case needs a location (lon and lat) or, to be placed later, an address', {
      errors: [{ field: 'lon', message: 'required without an address' }],
    });
  }
  if (!where && input.selfHandled) {
    throw badRequest('invalid body: selfHandled: a case handled on the spot has its location', { errors: [{ field: 'lon', message: 'required' }] });
  }
  const reported = reportIncident(
    {
      source: input.source,
      categoryCode: input.categoryCode,
      priority: input.priority,
      level: input.level,
      lon: where ? input.lon! : null,
      lat: where ? input.lat! : null,
      gridCode: where?.grid.code ?? null,
      communityCode: where?.community.code ?? null,
      streetCode: where?.street.code ?? null,
      address: input.address ?? null,
      description: input.description,
      reporterName: input.reporterName ?? null,
      reporterPhone: input.reporterPhone ?? null,
    },
    input.actor,
    input.note ?? null,
    now,
  );
  const { state, events } = input.selfHandled
    ? selfHandle(reported, { now, limits: ref.limits, calendar: ref.calendar })
    : { state: reported.state, events: [reported.event] };
  const names: AreaNames = { street: where?.street.name ?? null, community: where?.community.name ?? null, grid: where?.grid.name ?? null };
  const guard = options.idempotency ?? null;
  if (guard && Date.now() - (deps.keysPurgedAt ?? 0) > PURGE_EVERY_MS) {
    deps.keysPurgedAt = Date.now();
    void purgeIdempotencyKeys(deps.pool).catch((error) => console.error('purging idempotency keys:', error.message));
  }

  const row = await insertIncident(deps.pool, state, events, input.photos ?? [], names, guard);
  if (row) {
    deps.tileChanges.changed('incidents');
    return { state: { ...state, id: row.id, ticket: row.ticket }, names, photos: row.photos, replayed: false };
  }
  // The key was claimed before (or concurrently, and that request has committed): answer its case.
  const stored = await readIdempotencyKey<IncidentSnapshot>(deps.pool, guard!.scope, guard!.key);
  if (!stored) throw new Error(`idempotency key ${guard!.key} neither claimed nor found`);
  if (stored.request_hash !== guard!.hash) throw reusedKey(guard!.key);
  const replayed = rowToState(stored.snapshot);
  const photos = (await selectPhotos(deps.pool, replayed.id)).filter((p) => p.stage === 'report');
  return { state: replayed, names: stored.snapshot.names, photos, replayed: true };
}

/** The grid, community and street of a case's point; null when it has none (address only); 422 outside every grid. */
export async function locate(deps: IncidentDeps, input: { lon?: number; lat?: number }) {
  if (input.lon === undefined || input.lat === undefined) return null;
  await deps.gridIndex.ready();
  const where = deps.gridIndex.locate(input.lon, input.lat);
  if (!where) {
    throw new HttpProblem(422, 'Unprocessable Content', `the point (${input.lon}, ${input.lat}) lies outside every grid of the district`, {
      errors: [{ field: 'lon', message: 'outside every grid' }],
    });
  }
  return where;
}

export const reusedKey = (key: string) =>
  new HttpProblem(422, 'Unprocessable Content', `Idempotency-Key ${key} was already used with a different request body`, {
    errors: [{ field: 'Idempotency-Key', message: 'reused with another body' }],
  });
