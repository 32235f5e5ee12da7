/**
 * /incidents: create (Idempotency-Key honoured), list with filters and cursor, one case with
 * its log and allowed actions, actions, duplicates, photos; /incidents/reference for the desk.
 */
import { Hono } from 'hono';
import { notFound } from '../http/problem.ts';
import { readJson } from '../http/json.ts';
import { parseWith, readJsonBody } from '../http/validate.ts';
import { actOnIncident, getIncident } from './act.ts';
import { createIncident, type IncidentDeps } from './create.ts';
import { idempotencyGuard, photoBodyLimit } from './idempotency.ts';
import { findDuplicates, listIncidents } from './list.ts';
import { LEVELS, PRIORITIES, ROLES, SOURCES, STATUSES } from './model.ts';
import { decodePhotos, photoHeaders } from './photos.ts';
import { selectIncident, selectPhotoBytes } from './queries.ts';
import { renderSummary } from './render.ts';
import { actionBody, createBody, duplicatesQuery, idParam, listQuery, roleQuery } from './schema.ts';
import { allowedActions, TRANSITIONS } from './workflow.ts';
import { rowToState } from './columns.ts';

export function incidentRoutes(deps: IncidentDeps): Hono {
  return new Hono()
    .post('/incidents', photoBodyLimit, async (c) => {
      const { text, value } = await readJson(c.req);
      const body = parseWith(createBody, value, 'body');
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
          actor: body.actor,
          note: body.note,
          selfHandled: body.selfHandled,
          photos,
        },
        { idempotency: idempotencyGuard(c, 'incidents', text) },
      );
      const ref = await deps.reference.get();
      const answer = { ...renderSummary(created.state, created.names, ref, new Date()), photos: created.photos, allowedActions: allowedActions(created.state) };
      c.header('location', `/api/v1/incidents/${created.state.id}`);
      if (created.replayed) c.header('idempotent-replayed', 'true');
      return c.json(answer, 201);
    })
    .get('/incidents', async (c) => {
      const query = parseWith(listQuery, c.req.query(), 'query');
      return c.json(await listIncidents(deps, query));
    })
    .get('/incidents/reference', async (c) => {
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
      });
    })
    .get('/incidents/duplicates', async (c) => {
      const q = parseWith(duplicatesQuery, c.req.query(), 'query');
      const items = await findDuplicates(deps, { categoryCode: q.category, lon: q.lon, lat: q.lat, at: q.at ?? new Date() });
      return c.json({ items });
    })
    .get('/incidents/:id', async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const { role, department } = parseWith(roleQuery, c.req.query(), 'query');
      const detail = await getIncident(deps, id, { role, department });
      if (!detail) throw notFound(`no case has id ${id}`);
      return c.json(detail);
    })
    .post('/incidents/:id/actions', photoBodyLimit, async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const body = parseWith(actionBody, await readJsonBody(c.req), 'body');
      const { photos, expectedVersion, ...input } = body;
      await actOnIncident(deps, id, input, { expectedVersion, photos: decodePhotos(photos) });
      return c.json(await getIncident(deps, id, { role: body.actor.role, department: body.actor.department }));
    })
    .get('/incidents/:id/duplicates', async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const row = await selectIncident(deps.pool, id);
      if (!row) throw notFound(`no case has id ${id}`);
      const state = rowToState(row);
      const items = await findDuplicates(deps, { categoryCode: state.categoryCode, lon: state.lon, lat: state.lat, at: state.createdAt, excludeId: id });
      return c.json({ items });
    })
    .get('/incidents/:id/photos/:photo', async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const photoId = parseWith(idParam, c.req.param('photo'), 'path');
      const photo = await selectPhotoBytes(deps.pool, id, photoId);
      if (!photo) throw notFound(`case ${id} has no photo ${photoId}`);
      return c.body(new Uint8Array(photo.bytes) as Uint8Array<ArrayBuffer>, 200, {
        ...photoHeaders(photo.content_type, photoId),
        'cache-control': 'private, max-age=86400',
      });
    });
}
