import { describe, expect, it } from 'vitest';
import { csv, importKit } from './testing.ts';

const kit = importKit();
const { t } = kit;
/** Imports are the admin's. */
const admin = t.as('admin');

/** A request body that sends `first`, then waits for `release()` before sending `rest`. */
function heldBody(first: string, rest: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode(first));
      await released;
      controller.enqueue(encoder.encode(rest));
      controller.close();
    },
  });
  return { stream, release };
}

describe('imports: a job created first, its data uploaded after, its progress polled', () => {
  it('gives the id before the upload, shows progress while receiving, and the result at the end', async () => {
    const { inside } = await kit.places();
    const created = await admin.request('/api/v1/imports/jobs?format=csv&category=LE20&filename=grates.csv', { method: 'POST' });
    expect(created.status).toBe(201);
    const job = await created.json();
    expect(job).toMatchObject({ status: 'pending', format: 'csv', category: 'LE20', filename: 'grates.csv', counts: { read: 0 } });
    expect(created.headers.get('location')).toBe(`/api/v1/imports/${job.id}`);

    const rows = Array.from({ length: 6000 }, (_, i) => [`job-${i}`, inside[i % 6].lon, inside[i % 6].lat, 'y'.repeat(40)]);
    const first = csv([['key', 'lon', 'lat', 'note'], ...rows.slice(0, 5000)]);
    const rest = csv(rows.slice(5000));
    const body = heldBody(first, rest);
    const length = Buffer.byteLength(first) + Buffer.byteLength(rest);
    const upload = admin.request(`/api/v1/imports/${job.id}/data`, {
      method: 'PUT',
      body: body.stream,
      headers: { 'content-length': String(length) },
      duplex: 'half',
    } as RequestInit);

    let polled: any;
    for (let i = 0; i < 100; i++) {
      polled = (await t.getJson(`/api/v1/imports/${job.id}`, 'admin')).body;
      if (polled.counts.read > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(polled).toMatchObject({ status: 'receiving', progress: { bytesTotal: length } });
    expect(polled.counts.read).toBeGreaterThan(0);
    expect(polled.progress.fraction).toBeGreaterThan(0);
    expect(polled.progress.fraction).toBeLessThan(1);
    body.release();

    const response = await upload;
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: job.id, status: 'done', counts: { read: 6000, inserted: 6000 }, progress: { fraction: 1 } });
    expect((await t.getJson(`/api/v1/imports/${job.id}`, 'admin')).body).toMatchObject({ status: 'done', counts: { inserted: 6000 } });

    const again = await admin.request(`/api/v1/imports/${job.id}/data`, { method: 'PUT', body: first });
    expect(again.status).toBe(409);
    expect((await again.json()).detail).toContain('is done');

    const list = await t.getJson('/api/v1/imports?limit=5', 'admin');
    expect(list.body.imports[0]).toMatchObject({ id: job.id, status: 'done' });
  });

  it('answers unknown and malformed ids with 404 and 400', async () => {
    expect((await t.getJson('/api/v1/imports/99999999', 'admin')).status).toBe(404);
    expect((await t.getJson('/api/v1/imports/abc', 'admin')).status).toBe(400);
    expect((await admin.request('/api/v1/imports/99999999/rejections.csv')).status).toBe(404);
    expect((await admin.request('/api/v1/imports/99999999/data', { method: 'PUT', body: 'x' })).status).toBe(404);
    expect((await admin.request('/api/v1/imports/jobs?format=csv&category=NOPE', { method: 'POST' })).status).toBe(400);
  });

  it('lets only an admin import: 401 without sign-in, 403 for other roles', async () => {
    expect((await t.app.request('/api/v1/imports/jobs?format=csv&category=LE20', { method: 'POST' })).status).toBe(401);
    expect((await t.as('commander').request('/api/v1/imports/jobs?format=csv&category=LE20', { method: 'POST' })).status).toBe(403);
    expect((await t.getJson('/api/v1/imports?limit=5', 'analyst')).status).toBe(403);
  });
});
