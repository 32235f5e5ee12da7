/** GET /lookup?lon=&lat= (one point) and POST /lookup (a batch): which grid, community, street. */
import { access, ANYONE, rule } from '../auth/access.ts';
import { STAFF } from '../auth/roles.ts';
import { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { notFound } from '../http/problem.ts';
import { jsonText } from '../http/json-text.ts';
import { decodeUtf8, parseJson } from '../http/json.ts';
import { validQuery } from '../http/validate.ts';
import { AnswerBuffers } from './answer-buffers.ts';
import type { GridIndex, LookupResult } from './grid-index.ts';
import { lookupQuery, parsePointsBody } from './points.ts';
import { readPointsBytes } from './points-bytes.ts';

export function lookupRoutes(gridIndex: GridIndex) {
  const answerBuffers = new AnswerBuffers();
  return new Hono()
    .get('/lookup', access(ANYONE), validQuery(lookupQuery), async (c) => {
      const { lon, lat } = c.req.valid('query');
      await gridIndex.ready();
      const json = gridIndex.locateJson(lon, lat);
      if (!json) throw notFound(`the point (${lon}, ${lat}) lies outside every grid`, { lon, lat });
      return jsonText<LookupResult>(c, asBody(json));
    })
    .post('/lookup', access(rule(...STAFF)), async (c) => {
      const body = new Uint8Array(await c.req.raw.arrayBuffer());
      // The common shape read from the bytes; anything else read and judged as JSON (points-bytes.ts).
      const lonLat = readPointsBytes(body) ?? parsePointsBody(parseJson(decodeUtf8(body)));
      await gridIndex.ready();
      // On the Node server the answer's buffer is used again once sent (answer-buffers.ts).
      const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
      const answer = gridIndex.locateManyJson(lonLat, outgoing ? answerBuffers.allocatorFor(outgoing) : undefined);
      return jsonText<{ count: number; found: number; results: (LookupResult | null)[] }>(c, asBody(answer));
    });
}

/** The routes of /lookup, for typed clients. */
export type LookupRoutes = ReturnType<typeof lookupRoutes>;

/** A Buffer as the Uint8Array<ArrayBuffer> that Hono's c.body() takes (no copy). */
function asBody(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
}
