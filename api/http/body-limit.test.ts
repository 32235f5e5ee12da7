/** One body policy: 1 MB by default, the routes of BODY_LIMITS their own size, streamed imports none. */
import { afterAll, describe, expect, it } from 'vitest';
import { OPEN311_DEMO_API_KEY } from '../../seeds/pukou/accounts.ts';
import { testApp } from '../testing/app.ts';
import { MB, sizeText } from './body-limit.ts';

const t = testApp();
afterAll(() => t.db.close());

let clients = 0;
const client = () => `10.78.${Math.floor(++clients / 250)}.${clients % 250}`;

/** A JSON body of about `bytes` (a long string), sent with Content-Length or chunked. */
function jsonOf(bytes: number): string {
  return JSON.stringify({ body: 'x'.repeat(bytes) });
}

function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 64 * 1024));
      at += 64 * 1024;
    },
  });
}

/** A POST from a client of its own; `as` signs it in as a demo account (the staff routes answer 401 to nobody). */
const post = (path: string, body: BodyInit, type = 'application/json', as?: string) =>
  (as ? t.as(as) : t.app).request(path, { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' } as RequestInit, {
    incoming: { socket: { remoteAddress: client() } },
  });

describe('request bodies', () => {
  it.each([
    ['/api/v1/lookup', 5 * MB],
    ['/api/v1/incidents/1/messages', MB],
    ['/api/v1/public/tickets/PK2611261234567/messages', MB],
    ['/api/v1/public/tickets/PK2611261234567/rating', MB],
  ])('POST %s: 413 above %d bytes', async (path, limit) => {
    const response = await post(path, jsonOf(limit + 1));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await response.json()).detail).toBe(`the request body is larger than ${sizeText(limit)}, the most this route accepts`);
  });

  it('counts a chunked body (no Content-Length) as it comes', async () => {
    const response = await post('/api/v1/incidents/1/messages', chunked(jsonOf(2 * MB)));
    expect(response.status).toBe(413);
  });

  it('lets a body under the limit through to the route', async () => {
    const response = await post('/api/v1/lookup', chunked(JSON.stringify({ points: Array.from({ length: 50_000 }, () => [118.6, 32.05]) })), 'application/json', 'analyst');
    expect(response.status).toBe(200);
    expect((await response.json()).count).toBe(50_000);
  });

  it('gives the photo routes 24 MB', async () => {
    const response = await post('/api/v1/incidents', jsonOf(2 * MB), 'application/json', 'commander');
    expect(response.status).toBe(400); // read and refused by the schema, not by size
    expect((await post('/api/v1/incidents', jsonOf(24 * MB), 'application/json', 'commander')).status).toBe(413);
  });

  it('does not limit an import: its reader bounds what it holds', async () => {
    const response = await post('/api/v1/imports?format=csv&category=RP01', 'a\n'.repeat(MB), 'text/csv', 'admin');
    expect(response.status).toBe(400);
    expect((await response.json()).detail).toMatch(/the CSV header has a single column/);
  });

  it('leaves Open311 its own 256 kB limit, answered 400 in its error format (GeoReport has no 413)', async () => {
    const body = `api_key=${OPEN311_DEMO_API_KEY}&description=${'x'.repeat(300 * 1024)}`;
    const response = await post('/open311/v2/requests.json', body, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual([{ code: 400, description: 'the request body is larger than 256 kB; media are sent as media_url' }]);
  });
});
