/**
 * /incidents: create (Idempotency-Key honoured), list with filters and cursor, one case with
 * its log and allowed actions, actions, duplicates, photos; /incidents/reference for the desk.
 * Staff only, each within their jurisdiction (api/auth/scope.ts): a case outside it is 404,
 * as if it did not exist. The actor of an action is the signed-in user. Readers who do not
 * handle cases get their free text masked (case-text.ts).
 */
import { Hono, type Context } from 'hono';
import { access, forbidden, rule } from '../auth/access.ts';
import { recordUnmaskedRead } from '../auth/audit.ts';
import { userOf, inJurisdiction, type User } from '../auth/principal.ts';
import { ACTING_ROLE, CASE_CREATORS, CASE_HANDLERS, CASE_READERS } from '../auth/roles.ts';
import { scopeOf } from '../auth/scope.ts';
import { HttpProblem, notFound } from '../http/problem.ts';
import { readJson } from '../http/json.ts';
import { parseWith, validJson, validQuery } from '../http/validate.ts';
import { actOnIncident, getIncident, readIn } from './act.ts';
import { createIncident, type IncidentDeps } from './create.ts';
import { idempotencyGuard, photoBodyLimit } from './idempotency.ts';
import { findDuplicates, listIncidents } from './list.ts';
import { LEVELS, PRIORITIES, ROLES, SOURCES, STATUSES, type Actor, type Source } from './model.ts';
import { decodePhotos, photoHeaders } from './photos.ts';
import { selectIncident, selectPhotoBytes } from './queries.ts';
import { renderSummary } from './render.ts';
import { actionBody, createBody, duplicatesQuery, idParam, listQuery } from './schema.ts';
import { allowedActions, TRANSITIONS } from './workflow.ts';
import { rowToState } from './columns.ts';
import { caseTextFor } from './case-text.ts';

/** The signed-in user (the access rule has let only users through). */
export function staffUser(c: Context): User {
  const user = userOf(c);
  if (!user) throw new Error('a staff route reached without a signed-in user');
  return user;
}

/** The workflow actor of a user: who they are, never what a request body says. */
export function actorOf(user: User): Actor {
  const role = ACTING_ROLE[user.role];
  if (!role) throw forbidden(`a ${user.role} reads cases but does not act on them`);
  return { role, name: user.displayName, username: user.username, ...(user.department ? { department: user.department } : {}) };
}

/** Sources each creator may register: patrols find, the centres take calls, petitions and video. */
const SOURCES_BY_ROLE: Record<string, readonly Source[]> = {
  grid_worker: ['patrol'],
  street_dispatcher: ['patrol', 'hotline_12345', 'petition', 'video', 'superior'],
  district_commander: ['patrol', 'hotline_12345', 'petition', 'video', 'superior'],
};

export function incidentRoutes(deps: IncidentDeps) {
  const caseOf = async (c: Context, id: number) => {
    const row = await readIn(deps, scopeOf(staffUser(c)), (db) => selectIncident(db, id));
    if (!row) throw notFound(`no case has id ${id} in your jurisdiction`);
    return rowToState(row);
  };
  const detail = async (c: Context, id: number) => {
    const user = staffUser(c);
    const handler = CASE_HANDLERS.includes(user.role);
    const found = await getIncident(deps, id, {
      scope: scopeOf(user),
      role: ACTING_ROLE[user.role] ?? undefined,
      department: user.department ?? undefined,
      mask: !handler,
    });
    if (!found) throw notFound(`no case has id ${id} in your jurisdiction`);
    if (handler && (found.reporter.name || found.reporter.phone)) {
      await recordUnmaskedRead(deps.pool, user, 'incident.reporter', String(id), 1);
    }
    return caseTextFor(user, {
      ...found,
      // Without a workflow role the list would be every role's actions: a reader may take none.
      allowedActions: ACTING_ROLE[user.role] ? found.allowedActions : [],
      publicLink: handler ? `/report.html#ticket=${found.ticket}&access=${await deps.tickets.token(id)}` : null,
    });
  };

  return new Hono()
    .post('/incidents', access(rule(...CASE_CREATORS)), photoBodyLimit, async (c) => {
      const user = staffUser(c);
      const { text, value } = await readJson(c.req);
      const body = parseWith(createBody, value, 'body');
      if (!SOURCES_BY_ROLE[user.role]?.includes(body.source)) {
        throw forbidden(`a ${user.role} registers cases from ${SOURCES_BY_ROLE[user.role]?.join(', ')}, not ${body.source}`);
      }
      await deps.gridIndex.ready();
      const where = deps.gridIndex.locate(body.lon, body.lat);
      if (where && !inJurisdiction(user, where.grid.code)) {
        throw forbidden(`the point lies in grid ${where.grid.code}, outside your jurisdiction ${user.jurisdiction}`);
      }
      const photos = decodePhotos(body.photos);
      const created = await createIncident(
        deps,
        {
          source: body.source,
          categoryCode: body.category,
          priority: body.priority,
          level: body.level,
          lon: body.lon,
          lat: body.lat,
          description: body.description,
          address: body.address,
          reporterName: body.reporter?.name,
          reporterPhone: body.reporter?.phone,
          actor: actorOf(user),
          note: body.note,
          selfHandled: body.selfHandled,
          photos,
        },
        { idempotency: idempotencyGuard(c, `incidents:${user.id}`, text) },
      );
      const ref = await deps.reference.get();
      const answer = { ...renderSummary(created.state, created.names, ref, new Date()), photos: created.photos, allowedActions: allowedActions(created.state, actorOf(user).role) };
      c.header('location', `/api/v1/incidents/${created.state.id}`);
      if (created.replayed) c.header('idempotent-replayed', 'true');
      return c.json(answer, 201);
    })
    .get('/incidents', access(rule(...CASE_READERS)), validQuery(listQuery), async (c) => {
      const user = staffUser(c);
      const page = await listIncidents(deps, c.req.valid('query'), new Date(), scopeOf(user));
      return c.json({ ...page, items: page.items.map((item) => caseTextFor(user, item)) }, 200);
    })
    .get('/incidents/reference', access(rule(...CASE_READERS)), async (c) => {
      const ref = await deps.reference.get();
      return c.json({
        categories: [...ref.categories.values()],
        departments: [...ref.departments].map(([code, name]) => ({ code, name })),
        sources: SOURCES,
        priorities: PRIORITIES,
        levels: LEVELS,
        statuses: STATUSES,
        roles: ROLES,
        transitions: TRANSITIONS,
      }, 200);
    })
    .get('/incidents/duplicates', access(rule(...CASE_READERS)), validQuery(duplicatesQuery), async (c) => {
      const q = c.req.valid('query');
      const user = staffUser(c);
      const items = await findDuplicates(deps, { categoryCode: q.category, lon: q.lon, lat: q.lat, at: q.at ?? new Date() }, new Date(), scopeOf(user));
      return c.json({ items: items.map((item) => caseTextFor(user, item)) }, 200);
    })
    .get('/incidents/:id', access(rule(...CASE_READERS)), async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      return c.json(await detail(c, id), 200);
    })
    .post('/incidents/:id/actions', access(rule(...CASE_HANDLERS)), photoBodyLimit, validJson(actionBody), async (c) => {
      const user = staffUser(c);
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const body = c.req.valid('json');
      const { photos, expectedVersion, ...input } = body;
      try {
        await actOnIncident(deps, id, { ...input, actor: actorOf(user) }, { expectedVersion, photos: decodePhotos(photos), scope: scopeOf(user) });
      } catch (error) {
        if (error instanceof HttpProblem && error.status === 404) throw notFound(`no case has id ${id} in your jurisdiction`);
        throw error;
      }
      return c.json(await detail(c, id), 200);
    })
    .get('/incidents/:id/duplicates', access(rule(...CASE_READERS)), async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const state = await caseOf(c, id);
      // A case not placed yet has no neighbours to compare with.
      if (state.lon === null || state.lat === null) return c.json({ items: [] });
      const items = await findDuplicates(
        deps, { categoryCode: state.categoryCode, lon: state.lon, lat: state.lat, at: state.createdAt, excludeId: id }, new Date(), scopeOf(staffUser(c)),
      );
      return c.json({ items: items.map((item) => caseTextFor(staffUser(c), item)) }, 200);
    })
    .get('/incidents/:id/photos/:photo', access(rule(...CASE_READERS)), async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const photoId = parseWith(idParam, c.req.param('photo'), 'path');
      const photo = await readIn(deps, scopeOf(staffUser(c)), (db) => selectPhotoBytes(db, id, photoId));
      if (!photo) throw notFound(`case ${id} has no photo ${photoId} in your jurisdiction`);
      return c.body(new Uint8Array(photo.bytes) as Uint8Array<ArrayBuffer>, 200, {
        ...photoHeaders(photo.content_type, photoId),
        'cache-control': 'private, max-age=86400',
      });
    });
}

/** The routes of /incidents, for typed clients (hc<IncidentRoutes>). */
export type IncidentRoutes = ReturnType<typeof incidentRoutes>;
