/**
 * Open311 GeoReport v2, mounted at /open311/v2: discovery, services and their definitions,
 * requests (list with filters, one by id, POST with an api_key). Every resource in JSON and XML
 * by its extension; errors in the spec's `errors` format. Rate-limited like the citizen pages.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { databaseInputProblem } from '../http/database-errors.ts';
import { sizeText } from '../http/body-limit.ts';
import { badRequest, HttpProblem, notFound } from '../http/problem.ts';
import { parseWith } from '../http/validate.ts';
import { publicWriteLimit, rateLimit, type RateLimitOptions } from '../citizens/rate-limit.ts';
import { PUBLIC_READ_LIMITS } from '../citizens/routes.ts';
import type { IncidentDeps } from '../incidents/create.ts';
import { idempotencyGuard } from '../incidents/idempotency.ts';
import { access, ANYONE } from '../auth/access.ts';
import { checkApiKey } from './api-key.ts';
import { answer, errorAnswer, formatOf } from './encode.ts';
import { findRequests, requestsByTicket } from './find.ts';
import { argumentsOf, isTicket, postBody, requestsQuery } from './schema.ts';
import { serviceDefinition, serviceList } from './services.ts';
import { canonicalForm, readForm, submitRequest } from './submit.ts';
import { DISTRICT_CENTRE, JURISDICTION_ID, SPECIFICATION, w3c } from './spec.ts';

export interface Open311Options {
  /** Reads' own limit (tests tighten it). */
  limits?: Partial<RateLimitOptions>;
  /** The app's one limit of public writes (api/citizens/rate-limit.ts publicWriteLimit). */
  limitWrites?: MiddlewareHandler;
}

export function open311Routes(deps: IncidentDeps, options: Open311Options = {}) {
  const changeset = w3c(new Date());
  const readLimiter = rateLimit({ ...PUBLIC_READ_LIMITS, ...options.limits });
  const writeLimiter = options.limitWrites ?? publicWriteLimit();
  const limiter: MiddlewareHandler = (c, next) => (c.req.method === 'POST' ? writeLimiter(c, next) : readLimiter(c, next));
  const app = new Hono();
  // Open311 is public: reading needs nothing, posting an api_key (checked in the route, as the spec asks).
  const open = access(ANYONE);

  // Open311 data is public and its clients are often web pages on other origins.
  app.use('*', cors({ origin: '*', allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'Idempotency-Key'] }));
  // A page of 1,000 requests is ~0.7 MB of JSON or ~1 MB of XML; gzipped, 60–70 kB.
  app.use('*', compress({ encoding: 'gzip' }));

  // Errors in the spec's format, not problem+json; inside compress, so errors are compressed too.
  // (Not app.onError: Hono wraps the routes of a sub-app that has one, hiding their access rules.)
  app.use('*', async (c, next) => {
    await next();
    const error = c.error;
    if (!error) return;
    const refused = databaseInputProblem(error, `${c.req.method} ${c.req.path}`);
    if (refused) {
      c.res = errorAnswer(c, 400, refused.detail!);
      return;
    }
    if (!(error instanceof HttpProblem)) {
      c.res = errorAnswer(c, 500, 'the server failed to answer; see its log');
      return;
    }
    // The spec knows 403, 404 and "400 for any other error"; 429 keeps its meaning.
    const kept = [403, 404, 429].includes(error.status) || error.status >= 500;
    c.res = errorAnswer(c, kept ? error.status : 400, error.detail ?? error.title);
  });

  app.use('*', async (c, next) => {
    const limited = await limiter(c, next);
    if (limited) return errorAnswer(c, 429, ((await limited.json()) as { detail: string }).detail);
    return undefined;
  });

  app.use('*', async (c, next) => {
    checkJurisdiction(c.req.query('jurisdiction_id'));
    await next();
  });

  for (const format of ['json', 'xml'] as const) {
    app.get(`/discovery.${format}`, open, (c) => answer(c, format, 'discovery', discovery(c, changeset)));

    app.get(`/services.${format}`, open, async (c) => answer(c, format, 'services', serviceList(await deps.reference.get())));

    app.get(`/requests.${format}`, open, async (c) => {
      const query = parseWith(requestsQuery, argumentsOf(c.req.queries()), 'query');
      return answer(c, format, 'service_requests', await findRequests(deps, query, originOf(c)));
    });

    app.post(`/requests.${format}`, open, formLimit, async (c) => {
      const form = { ...argumentsOf(c.req.queries()), ...argumentsOf(await readForm(c)) };
      checkJurisdiction(form.jurisdiction_id);
      const client = await checkApiKey(deps.pool, form.api_key);
      const guard = idempotencyGuard(c, 'open311:requests', canonicalForm(form));
      const { receipt, replayed } = await submitRequest(deps, parseWith(postBody, form, 'body'), client, guard);
      if (replayed) c.header('idempotent-replayed', 'true');
      c.header('location', `${c.req.path.replace(/\.(json|xml)$/, '')}/${receipt.service_request_id}.${format}`);
      return answer(c, format, 'service_requests', [receipt]);
    });
  }

  // service_code and service_request_id carry the extension: /services/06010.xml, /requests/PK….json
  app.get('/services/:file', open, async (c, next) => {
    const format = formatOf(c.req.path);
    if (!format) return next();
    const code = c.req.param('file').replace(/\.(json|xml)$/, '');
    const definition = serviceDefinition(await deps.reference.get(), code);
    if (!definition) throw notFound(`service_code ${code} was not found; see GET services`);
    return answer(c, format, 'service_definition', definition);
  });

  app.get('/requests/:file', open, async (c, next) => {
    const format = formatOf(c.req.path);
    if (!format) return next();
    const id = c.req.param('file').replace(/\.(json|xml)$/, '');
    const found = isTicket(id) ? await requestsByTicket(deps, [id], originOf(c)) : [];
    if (found.length === 0) throw notFound(`service_request_id ${id} was not found`);
    return answer(c, format, 'service_requests', found);
  });

  app.get('/', open, (c) => c.redirect(`${c.req.path}/discovery.json`));
  app.all('*', (c) => {
    throw notFound(`no Open311 resource ${c.req.method} ${c.req.path}; resources end in .json or .xml, see discovery.json`);
  });
  return app;
}

/** A form is a few fields; photos go as media_url. Over the limit is the spec's 400 (its clients know no 413). */
const FORM_LIMIT = 256 * 1024;

const formLimit = bodyLimit({
  maxSize: FORM_LIMIT,
  onError: () => {
    throw badRequest(`the request body is larger than ${sizeText(FORM_LIMIT)}; media are sent as media_url`);
  },
});

function checkJurisdiction(id: string | undefined) {
  if (id && id.trim() && id.trim().toLowerCase() !== JURISDICTION_ID) {
    throw notFound(`jurisdiction_id ${id} was not found; this endpoint serves ${JURISDICTION_ID}`);
  }
}

/** Scheme and host the client used, for absolute URLs. */
const originOf = (c: Context) => new URL(c.req.url).origin;

function discovery(c: Context, changeset: string | null) {
  return {
    changeset,
    contact: `${DISTRICT_CENTRE}，12345 政务服务便民热线`,
    key_service: `提交请求（POST requests）需要 api_key，由${DISTRICT_CENTRE}向接入单位发放；查询无需 api_key。`,
    endpoints: [
      {
        specification: SPECIFICATION,
        url: c.req.url.replace(/\/discovery\.(json|xml)(\?.*)?$/, ''),
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}
