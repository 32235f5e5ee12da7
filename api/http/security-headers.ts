/**
 * Security headers on every response, API and pages alike (hono's secureHeaders: nosniff, no
 * referrer, no framing, and its other defaults), and a Content-Security-Policy by where the
 * answer comes from: "nothing" for the API, the pages' policy for the web UI's files (HTML, and
 * scripts too: a worker takes its policy from its script's answer, not from the page).
 * Referrer-Policy is no-referrer because a citizen's ticket link carries its access token in
 * the URL.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { secureHeaders } from 'hono/secure-headers';

/** For the API's JSON, CSV, XML and photos: a browser that opens one as a document runs nothing in it. */
export const NOTHING_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * The pages' policy: scripts and the MapLibre worker from this server only; style sheets too,
 * and style attributes (the legend's swatches are coloured by one); images also from data: URLs
 * (MapLibre's control icons) and blob: URLs (a photo previewed before upload); requests to this
 * server and to the optional basemap's origin, whose style, tiles, glyphs and sprites MapLibre
 * fetches.
 */
export function pagePolicy(basemapStyleUrl: string | undefined): string {
  const basemap = basemapStyleUrl ? ` ${new URL(basemapStyleUrl).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${basemap}`,
    `connect-src 'self'${basemap}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const API = /^\/(api|open311)(\/|$)/;

/**
 * On the Node server the headers go straight onto the outgoing answer before the route runs
 * (`outgoing.setHeader`): Node merges them with the route's own, and a header the route sets
 * itself wins, as `overwrite: false` asks. Setting them afterwards on `c.res.headers` made
 * every answer build a fetch Headers object and copy it back into Node's: measured on GET
 * /lookup, this layer cost about as much as the lookup itself. The headers are those that
 * hono's secureHeaders sets, taken once from an answer of its own; elsewhere (`app.request`
 * in tests, other runtimes) secureHeaders runs as it is.
 */
export function securityHeaders(basemapStyleUrl: string | undefined): MiddlewareHandler {
  const headers = secureHeaders({
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    // The server speaks plain HTTP; HSTS belongs to whatever terminates TLS in front of it.
    strictTransportSecurity: false,
    // A route may set a stricter header of its own (the photos' sandbox).
    overwrite: false,
  });
  const page = pagePolicy(basemapStyleUrl);
  let table: [string, string][] | undefined;
  const secureHeadersTable = async () =>
    (table ??= [...(await new Hono().use(headers).get('/', (c) => c.body(null, 204)).request('/')).headers]);

  return async (c, next) => {
    const policy = API.test(c.req.path) ? NOTHING_POLICY : page;
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (outgoing && typeof outgoing.setHeader === 'function') {
      for (const [name, value] of table ?? (await secureHeadersTable())) outgoing.setHeader(name, value);
      outgoing.setHeader('content-security-policy', policy);
      return next();
    }
    return headers(c, async () => {
      await next();
      if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', policy);
    });
  };
}
