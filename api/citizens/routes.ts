/**
 * The citizen side (/public/…): report a problem, follow it by ticket, rate it after closure,
 * ask the centre questions, read the news. Rate-limited per client; reports and messages honour
 * Idempotency-Key. Also the centre's side of the thread (/incidents/{id}/messages).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { HttpProblem, notFound } from '../http/problem.ts';
import { parseWith, readJsonBody } from '../http/validate.ts';
import { actOnIncident, getIncidentByTicket } from '../incidents/act.ts';
import { createIncident, reusedKey, type IncidentDeps } from '../incidents/create.ts';
import { idempotencyGuard, photoBodyLimit } from '../incidents/idempotency.ts';
import { findDuplicates } from '../incidents/list.ts';
import { photoHeaders } from '../incidents/photos.ts';
import { incidentExists, incidentIdOfTicket, readIdempotencyKey, selectPhotoBytes, type IdempotencyGuard } from '../incidents/queries.ts';
import { categoryCode, idParam } from '../incidents/schema.ts';
import { publicStatus, publicTicket } from './public-view.ts';
import { insertMessage, selectMessages, selectNews, type MessageRow } from './queries.ts';
import { rateLimit, type RateLimitOptions } from './rate-limit.ts';
import { readReport } from './report.ts';

/** Reads: 60 at once, one more per second. Writes: 10 at once, one more every 6 s. */
export const PUBLIC_RATE_LIMITS: Pick<RateLimitOptions, 'buckets' | 'bucketOf'> = {
  buckets: { read: { capacity: 60, perSecond: 1 }, write: { capacity: 10, perSecond: 1 / 6 } },
  bucketOf: (c) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : 'write'),
};

const ticketParam = z.string().regex(/^[A-Z]{2}\d{6,20}$/, 'a ticket looks like PK2611261234567');
const ratingBody = z.object({ rating: z.number().int().min(1, 'rating is 1–5').max(5, 'rating is 1–5'), comment: z.string().trim().max(1000).optional() });
const messageBody = z.object({ body: z.string().trim().min(1, 'body is empty').max(1000, 'body has more than 1000 characters') });
const centreMessageBody = messageBody.extend({ author: z.string().trim().min(1).max(100).default('浦口区联勤指挥中心') });
const newsQuery = z.object({ limit: z.coerce.number().int().min(1).max(50, 'limit is at most 50').default(20) });
const duplicatesQuery = z.object({ category: categoryCode, lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) });

export function citizenRoutes(deps: IncidentDeps, limits: Partial<RateLimitOptions> = {}): Hono {
  const ticketCase = async (ticket: string) => {
    const id = await incidentIdOfTicket(deps.pool, parseWith(ticketParam, ticket, 'path'));
    if (id === null) throw notFound(`no case has ticket ${ticket}`);
    return id;
  };
  const publicView = async (ticket: string) => {
    const detail = await getIncidentByTicket(deps, ticket, { mask: true });
    if (!detail) throw notFound(`no case has ticket ${ticket}`);
    return publicTicket(detail);
  };
  const postMessage = async (id: number, message: Parameters<typeof insertMessage>[2], guard: IdempotencyGuard | null): Promise<MessageRow> => {
    const created = await insertMessage(deps.pool, id, message, guard);
    if (created) return created;
    const stored = await readIdempotencyKey(deps.pool, guard!.scope, guard!.key);
    if (!stored || stored.request_hash !== guard!.hash) throw reusedKey(guard!.key);
    return { ...stored.snapshot, createdAt: new Date(stored.snapshot.createdAt).toISOString() } as MessageRow;
  };

  return new Hono()
    .use('/public/*', rateLimit({ ...PUBLIC_RATE_LIMITS, ...limits }))
    .post('/public/reports', photoBodyLimit, async (c) => {
      const report = await readReport(c);
      const { fields } = report;
      const created = await createIncident(
        deps,
        {
          source: 'citizen_app', categoryCode: fields.category, priority: 'normal', level: 'grid', lon: fields.lon, lat: fields.lat,
          description: fields.description, address: fields.address, reporterName: fields.name, reporterPhone: fields.phone,
          actor: { role: 'citizen', name: '市民' }, photos: report.photos,
        },
        { idempotency: idempotencyGuard(c, 'public:reports', ...report.hashParts) },
      );
      c.header('location', `/api/v1/public/tickets/${created.state.ticket}`);
      if (created.replayed) c.header('idempotent-replayed', 'true');
      return c.json(await publicView(created.state.ticket), 201);
    })
    .get('/public/tickets/:ticket', async (c) => c.json(await publicView(parseWith(ticketParam, c.req.param('ticket'), 'path'))))
    .get('/public/tickets/:ticket/photos/:photo', async (c) => {
      const id = await ticketCase(c.req.param('ticket'));
      const photoId = parseWith(idParam, c.req.param('photo'), 'path');
      const photo = await selectPhotoBytes(deps.pool, id, photoId);
      if (!photo) throw notFound(`ticket ${c.req.param('ticket')} has no such photo`);
      return c.body(new Uint8Array(photo.bytes) as Uint8Array<ArrayBuffer>, 200, photoHeaders(photo.content_type, photoId));
    })
    .post('/public/tickets/:ticket/rating', async (c) => {
      const ticket = c.req.param('ticket');
      const id = await ticketCase(ticket);
      const body = parseWith(ratingBody, await readJsonBody(c.req), 'body');
      try {
        await actOnIncident(deps, id, { action: 'evaluate', actor: { role: 'citizen', name: '市民' }, rating: body.rating, comment: body.comment });
      } catch (error) {
        if (!(error instanceof HttpProblem) || error.status !== 409) throw error;
        const view = await publicView(ticket);
        // A phone retrying the same rating gets the same answer, not an error.
        if (view.rating?.score === body.rating && (view.rating.comment ?? undefined) === body.comment) return c.json(view);
        throw new HttpProblem(409, 'Conflict', view.stage === 'evaluated' ? 'this case has already been rated' : 'a case can be rated once it is closed', {
          status: view.status,
        });
      }
      return c.json(await publicView(ticket));
    })
    .get('/public/tickets/:ticket/messages', async (c) => c.json({ items: await selectMessages(deps.pool, await ticketCase(c.req.param('ticket'))) }))
    .post('/public/tickets/:ticket/messages', async (c) => {
      const id = await ticketCase(c.req.param('ticket'));
      const { body } = parseWith(messageBody, await readJsonBody(c.req), 'body');
      const guard = idempotencyGuard(c, `public:messages:${id}`, body);
      return c.json(await postMessage(id, { author: 'citizen', authorName: null, body }, guard), 201);
    })
    .get('/public/news', async (c) => c.json({ items: await selectNews(deps.pool, parseWith(newsQuery, c.req.query(), 'query').limit) }))
    .get('/public/categories', async (c) => c.json({ items: [...(await deps.reference.get()).categories.values()] }))
    .get('/public/duplicates', async (c) => {
      const q = parseWith(duplicatesQuery, c.req.query(), 'query');
      const found = await findDuplicates(deps, { categoryCode: q.category, lon: q.lon, lat: q.lat, at: new Date() });
      return c.json({
        items: found.map((d) => ({ ticket: d.ticket, status: publicStatus(d.status), category: d.category, createdAt: d.createdAt, distanceM: d.distanceM })),
      });
    })
    .get('/incidents/:id/messages', async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      if (!(await incidentExists(deps.pool, id))) throw notFound(`no case has id ${id}`);
      return c.json({ items: await selectMessages(deps.pool, id) });
    })
    .post('/incidents/:id/messages', async (c) => {
      const id = parseWith(idParam, c.req.param('id'), 'path');
      const body = parseWith(centreMessageBody, await readJsonBody(c.req), 'body');
      if (!(await incidentExists(deps.pool, id))) throw notFound(`no case has id ${id}`);
      return c.json(await postMessage(id, { author: 'centre', authorName: body.author, body: body.body }, null), 201);
    });
}
