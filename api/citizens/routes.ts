/**
 * The citizen side (/public/…): report a problem, follow it by ticket, rate it after closure,
 * ask the centre questions, read the news. Rate-limited per client; reports and messages honour
 * Idempotency-Key. Also the centre's side of the thread (/incidents/{id}/messages).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { access, ANYONE, rule } from '../auth/access.ts';
import { userOf } from '../auth/principal.ts';
import { CASE_HANDLERS } from '../auth/roles.ts';
import { scopeOf } from '../auth/scope.ts';
import { readIn } from '../incidents/act.ts';
import { staffUser } from '../incidents/routes.ts';
import { claimTicket, ownsTicket, ticketsOf, withAccess } from './tickets.ts';
import { z } from 'zod';
import { HttpProblem, notFound } from '../http/problem.ts';
import { parseWith, validJson, validQuery } from '../http/validate.ts';
import { actOnIncident, getIncident } from '../incidents/act.ts';
import { createIncident, reusedKey, type IncidentDeps } from '../incidents/create.ts';
import { idempotencyGuard, photoBodyLimit } from '../incidents/idempotency.ts';
import { findDuplicates } from '../incidents/list.ts';
import { photoHeaders } from '../incidents/photos.ts';
import { incidentIdOfTicket, readIdempotencyKey, selectIncident, selectPhotoBytes, type IdempotencyGuard } from '../incidents/queries.ts';
import { categoryCode, idParam } from '../incidents/schema.ts';
import { publicMessage, publicStatus, publicTicket } from './public-view.ts';
import { insertMessage, selectMessages, selectNews, type MessageRow } from './queries.ts';
import { publicWriteLimit, rateLimit, type RateLimitOptions } from './rate-limit.ts';
import { readReport } from './report.ts';

/** Public reads: 60 at once, one more per second, per client address. (Writes: rate-limit.ts publicWriteLimit.) */
export const PUBLIC_READ_LIMITS: Pick<RateLimitOptions, 'buckets' | 'bucketOf'> = {
  buckets: { read: { capacity: 60, perSecond: 1 } },
  bucketOf: (c) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? 'read' : null),
};

const ticketParam = z.string().regex(/^[A-Z]{2}\d{6,20}$/, 'a ticket looks like PK2611261234567');
const ratingBody = z.object({ rating: z.number().int().min(1, 'rating is 1–5').max(5, 'rating is 1–5'), comment: z.string().trim().max(1000).optional() });
const messageBody = z.object({ body: z.string().trim().min(1, 'body is empty').max(1000, 'body has more than 1000 characters') });
const newsQuery = z.object({ limit: z.coerce.number().int().min(1).max(50, 'limit is at most 50').default(20) });
const duplicatesQuery = z.object({ category: categoryCode, lon: z.coerce.number().min(-180).max(180), lat: z.coerce.number().min(-90).max(90) });

/** A news item as GET /public/news answers it (selectNews gives its rows untyped). */
export interface NewsItem {
  id: number;
  title: string;
  summary: string;
  body: string;
  publishedAt: string;
}

const accessQuery = z.object({ access: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'access is the token of the ticket’s link').optional() });

export function citizenRoutes(deps: IncidentDeps, limitWrites: MiddlewareHandler = publicWriteLimit(), limits: Partial<RateLimitOptions> = {}) {
  /**
   * The case of a ticket, for whoever holds its access token (the link or QR code given at the
   * report) or reported it from their account; anyone else gets the same 404 as for a ticket
   * that does not exist, so the short number alone tells nothing.
   */
  const ticketCase = async (c: Context) => {
    const ticket = parseWith(ticketParam, c.req.param('ticket'), 'path');
    const { access: token } = parseWith(accessQuery, { access: c.req.query('access') ?? c.req.header('x-ticket-access') }, 'query');
    const id = await incidentIdOfTicket(deps.pool, ticket);
    const user = userOf(c);
    const allowed = id !== null && ((await deps.tickets.verify(id, token)) || (user?.role === 'citizen' && (await ownsTicket(deps.pool, user.id, id))));
    if (!allowed) throw notFound(`no ticket ${ticket} opens with this link; use the link or QR code given with the ticket`);
    return { id: id!, token: await deps.tickets.token(id!) };
  };
  const publicView = async (id: number, token: string) => {
    const detail = await getIncident(deps, id, { mask: true });
    if (!detail) throw notFound(`no case has id ${id}`);
    return withAccess(publicTicket(detail), token);
  };
  const postMessage = async (id: number, message: Parameters<typeof insertMessage>[2], guard: IdempotencyGuard | null): Promise<MessageRow> => {
    const created = await insertMessage(deps.pool, id, message, guard);
    if (created) return created;
    const stored = await readIdempotencyKey<MessageRow>(deps.pool, guard!.scope, guard!.key);
    if (!stored || stored.request_hash !== guard!.hash) throw reusedKey(guard!.key);
    return { ...stored.snapshot, createdAt: new Date(stored.snapshot.createdAt).toISOString() } as MessageRow;
  };
  /** A case of the staff user's jurisdiction, else 404. */
  const staffCase = async (c: Context) => {
    const id = parseWith(idParam, c.req.param('id'), 'path');
    const row = await readIn(deps, scopeOf(staffUser(c)), (db) => selectIncident(db, id));
    if (!row) throw notFound(`no case has id ${id} in your jurisdiction`);
    return id;
  };
  // The case first, the body after: a ticket that does not open, or a case outside the
  // jurisdiction, is a 404 whatever the body holds.
  const openTicket = createMiddleware<{ Variables: { ticketCase: { id: number; token: string } } }>(async (c, next) => {
    c.set('ticketCase', await ticketCase(c));
    await next();
  });
  const ownCase = createMiddleware<{ Variables: { caseId: number } }>(async (c, next) => {
    c.set('caseId', await staffCase(c));
    await next();
  });
  const anyone = access(ANYONE);

  return new Hono()
    .use('/public/*', rateLimit({ ...PUBLIC_READ_LIMITS, ...limits }))
    .post('/public/reports', anyone, limitWrites, photoBodyLimit, async (c) => {
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
      const reporter = userOf(c);
      if (reporter?.role === 'citizen') await claimTicket(deps.pool, reporter.id, created.state.id);
      const token = await deps.tickets.token(created.state.id);
      c.header('location', `/api/v1/public/tickets/${created.state.ticket}?access=${token}`);
      if (created.replayed) c.header('idempotent-replayed', 'true');
      return c.json(await publicView(created.state.id, token), 201);
    })
    .get('/public/my/tickets', access(rule('citizen')), async (c) => {
      const user = userOf(c)!;
      const items = [];
      for (const t of await ticketsOf(deps.pool, user.id)) items.push({ ticket: t.ticket, access: await deps.tickets.token(t.id), createdAt: t.createdAt });
      return c.json({ items }, 200);
    })
    .get('/public/tickets/:ticket', anyone, async (c) => {
      const { id, token } = await ticketCase(c);
      return c.json(await publicView(id, token), 200);
    })
    .get('/public/tickets/:ticket/photos/:photo', anyone, async (c) => {
      const { id } = await ticketCase(c);
      const photoId = parseWith(idParam, c.req.param('photo'), 'path');
      const photo = await selectPhotoBytes(deps.pool, id, photoId);
      if (!photo) throw notFound(`ticket ${c.req.param('ticket')} has no such photo`);
      return c.body(new Uint8Array(photo.bytes) as Uint8Array<ArrayBuffer>, 200, photoHeaders(photo.content_type, photoId));
    })
    .post('/public/tickets/:ticket/rating', anyone, limitWrites, openTicket, validJson(ratingBody), async (c) => {
      const { id, token } = c.var.ticketCase;
      const body = c.req.valid('json');
      try {
        await actOnIncident(deps, id, { action: 'evaluate', actor: { role: 'citizen', name: '市民' }, rating: body.rating, comment: body.comment });
      } catch (error) {
        if (!(error instanceof HttpProblem) || error.status !== 409) throw error;
        const view = await publicView(id, token);
        // A phone retrying the same rating gets the same answer, not an error.
        if (view.rating?.score === body.rating && (view.rating.comment ?? undefined) === body.comment) return c.json(view, 200);
        throw new HttpProblem(409, 'Conflict', view.stage === 'evaluated' ? 'this case has already been rated' : 'a case can be rated once it is closed', {
          caseStatus: view.status,
        });
      }
      return c.json(await publicView(id, token), 200);
    })
    .get('/public/tickets/:ticket/messages', anyone, async (c) => {
      const items = await selectMessages(deps.pool, (await ticketCase(c)).id);
      return c.json({ items: items.map(publicMessage) }, 200);
    })
    .post('/public/tickets/:ticket/messages', anyone, limitWrites, openTicket, validJson(messageBody), async (c) => {
      const { id } = c.var.ticketCase;
      const { body } = c.req.valid('json');
      const guard = idempotencyGuard(c, `public:messages:${id}`, body);
      return c.json(await postMessage(id, { author: 'citizen', authorName: null, body }, guard), 201);
    })
    .get('/public/news', anyone, validQuery(newsQuery), async (c) => {
      const items: NewsItem[] = await selectNews(deps.pool, c.req.valid('query').limit);
      return c.json({ items }, 200);
    })
    .get('/public/categories', anyone, async (c) => c.json({ items: [...(await deps.reference.get()).categories.values()] }, 200))
    .get('/public/duplicates', anyone, validQuery(duplicatesQuery), async (c) => {
      const q = c.req.valid('query');
      const found = await findDuplicates(deps, { categoryCode: q.category, lon: q.lon, lat: q.lat, at: new Date() });
      return c.json({
        items: found.map((d) => ({ ticket: d.ticket, status: publicStatus(d.status), category: d.category, createdAt: d.createdAt, distanceM: d.distanceM })),
      }, 200);
    })
    .get('/incidents/:id/messages', access(rule(...CASE_HANDLERS)), async (c) => {
      const id = await staffCase(c);
      return c.json({ items: await selectMessages(deps.pool, id) }, 200);
    })
    .post('/incidents/:id/messages', access(rule(...CASE_HANDLERS)), ownCase, validJson(messageBody), async (c) => {
      const id = c.var.caseId;
      const { body } = c.req.valid('json');
      return c.json(await postMessage(id, { author: 'centre', authorName: staffUser(c).displayName, body }, null), 201);
    });
}

/** The routes of /public and /incidents/{id}/messages, for typed clients. */
export type CitizenRoutes = ReturnType<typeof citizenRoutes>;
