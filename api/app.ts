/** The Hono application: every domain's routes under /api/v1, problem+json errors, the web UI. */
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { compress } from 'hono/compress';
import type { AppDeps } from './context.ts';
import { bodyLimits, MB, type BodyLimitRule } from './http/body-limit.ts';
import { databaseInputProblem } from './http/database-errors.ts';
import { strictQuery } from './http/form.ts';
import { HttpProblem, problemResponse } from './http/problem.ts';
import { securityHeaders } from './http/security-headers.ts';
import { healthRoutes } from './health/routes.ts';
import { divisionRoutes } from './divisions/routes.ts';
import { gridRoutes } from './grids/routes.ts';
import { GridIndex } from './lookup/grid-index.ts';
import { lookupRoutes } from './lookup/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { entityRoutes } from './entities/routes.ts';
import { statsRoutes } from './stats/routes.ts';
import { incidentDeps } from './incidents/create.ts';
import { PHOTO_BODY_BYTES } from './incidents/idempotency.ts';
import { incidentRoutes } from './incidents/routes.ts';
import { citizenRoutes } from './citizens/routes.ts';
import { kpiRoutes } from './kpis/routes.ts';
import { analyticsRoutes } from './analytics/routes.ts';
import { open311Routes } from './open311/routes.ts';
import { access, ANYONE, assertEveryRouteHasRule, requireAccessRule } from './auth/access.ts';
import { authenticate } from './auth/authenticate.ts';
import { authRoutes } from './auth/routes.ts';
import { SessionStore } from './auth/sessions.ts';
import { LoginThrottle, type ThrottleOptions } from './auth/throttle.ts';
import { adminRoutes } from './admin/routes.ts';
import { publicWriteLimit, type RateLimitOptions } from './citizens/rate-limit.ts';
import { TileService } from './tiles/service.ts';
import { tileRoutes } from './tiles/routes.ts';

/** Bodies that may be larger than the default (1 MB), and why; every other route's body is held to 1 MB. */
export const BODY_LIMITS: readonly BodyLimitRule[] = [
  // 100,000 points of [lon, lat] at full double precision are at most ~4.2 MB of JSON.
  { method: 'POST', path: '/api/v1/lookup', maxSize: 5 * MB },
  // Up to three 5 MB photos, in base64 or as multipart files.
  { method: 'POST', path: '/api/v1/incidents', maxSize: PHOTO_BODY_BYTES },
  { method: 'POST', path: '/api/v1/incidents/:id/actions', maxSize: PHOTO_BODY_BYTES },
  { method: 'POST', path: '/api/v1/public/reports', maxSize: PHOTO_BODY_BYTES },
  // Files of any size, streamed: the readers bound what they hold (MAX_RECORD in imports/blocks.ts).
  { method: 'POST', path: '/api/v1/imports', maxSize: null },
  { method: 'PUT', path: '/api/v1/imports/:id/data', maxSize: null },
  // 256 kB, limited by its routes so that an oversize form gets Open311's 400 in its error format (open311/routes.ts).
  { method: 'POST', path: '/open311/v2/*', maxSize: null },
];

export const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');

export interface App {
  app: Hono;
  gridIndex: GridIndex;
  sessions: SessionStore;
  /** Vector tiles with their cache and data versions (close() ends its LISTEN connection). */
  tiles: TileService;
}

export interface AppOptions {
  /** Login throttling (tests loosen or tighten it). */
  throttle?: ThrottleOptions;
  /** The one rate limit of public writes (tests set the clock). */
  publicWrites?: Partial<RateLimitOptions>;
  /** Tile encoder for SQL layers (tests compare both on PostgreSQL). */
  tileEncoder?: 'postgis' | 'node';
}

export function createApp(deps: AppDeps, options: AppOptions = {}): App {
  const { pool } = deps.db;
  const gridIndex = new GridIndex(pool);
  const sessions = new SessionStore(pool);
  const incidents = incidentDeps(pool, gridIndex, deps.db.kind === 'postgres');
  // One policy for every public write (citizen reports, messages, ratings, accounts, Open311), per client.
  const limitPublicWrites = publicWriteLimit(options.publicWrites);
  const tiles = new TileService(deps.db, { cacheBytes: deps.config.tileCacheBytes, encoder: options.tileEncoder });
  const api = new Hono()
    .route('/', authRoutes({ pool, sessions, throttle: new LoginThrottle(options.throttle), sessionHours: deps.config.sessionHours, limitPublicWrites }))
    .route('/', adminRoutes({ pool, sessions }))
    .route('/', healthRoutes(deps))
    .route('/', divisionRoutes(deps))
    .route('/', gridRoutes(deps))
    .route('/', lookupRoutes(gridIndex))
    .route('/', searchRoutes(deps))
    .route('/', importRoutes({ ...deps, gridIndex }))
    .route('/', entityRoutes(deps))
    .route('/', statsRoutes(deps))
    .route('/', incidentRoutes(incidents))
    .route('/', citizenRoutes(incidents, limitPublicWrites))
    .route('/', kpiRoutes(deps))
    .route('/', analyticsRoutes(deps));

  const app = new Hono();
  // First, so that every answer has them, a refusal of a bad bearer token too.
  app.use('*', securityHeaders(deps.config.basemapStyleUrl));
  for (const prefix of ['/api/*', '/open311/*', '/tiles/*']) {
    app.use(prefix, requireAccessRule);
    app.use(prefix, authenticate(pool, sessions));
  }
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return problemResponse(c, error);
    const refused = databaseInputProblem(error, `${c.req.method} ${c.req.path}`);
    if (refused) return problemResponse(c, refused);
    console.error(`${c.req.method} ${c.req.path}:`, error);
    return problemResponse(c, new HttpProblem(500, 'Internal Server Error', 'the server failed to answer; see its log'));
  });
  app.use('*', strictQuery, bodyLimits(MB, BODY_LIMITS));
  // Boundaries (GeoJSON, hundreds of kB) and the UI's scripts shrink ~5× with gzip. Lookup
  // answers are not compressed: they are built for throughput, on loopback or a LAN.
  const gzip = compress({ encoding: 'gzip' });
  for (const prefix of ['/api/v1/grids', '/api/v1/divisions', '/assets/']) app.use(`${prefix}*`, gzip);
  app.route('/api/v1', api);
  app.route('/open311/v2', open311Routes(incidents, { limitWrites: limitPublicWrites }));
  app.route('/tiles', tileRoutes(tiles, deps.db));
  app.all('/tiles/*', access(ANYONE), (c) => problemResponse(c, new HttpProblem(404, 'Not Found', `no tile layer at ${c.req.path}`)));
  app.all('/api/*', access(ANYONE), (c) => problemResponse(c, new HttpProblem(404, 'Not Found', `no API route ${c.req.method} ${c.req.path}`)));

  // The built web UI (vite build → web/dist); relative root because serveStatic resolves from cwd.
  const root = path.relative(process.cwd(), WEB_DIST) || '.';
  app.use('/*', serveStatic({ root }));
  app.get('/*', access(ANYONE), (c) => {
    const index = path.join(WEB_DIST, 'index.html');
    if (!fs.existsSync(index)) return c.text('The web UI is not built: run `npm run build:web`.', 503);
    return c.html(fs.readFileSync(index, 'utf8'));
  });
  assertEveryRouteHasRule(app);
  return { app, gridIndex, sessions, tiles };
}
