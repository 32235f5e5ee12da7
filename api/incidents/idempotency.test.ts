/** Idempotency-Key on POST /incidents: a retry answers the same case; concurrent retries never make two. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { gridPoint, send } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let body: Record<string, unknown>;
/** The street's sub-centre registers what its video patrol sees; the grid's worker verifies it. */
let street: string;
let worker: string;
beforeAll(async () => {
  const here = await gridPoint(t.db.pool, 40);
  body = { source: 'video', category: '09010', lon: here.lon, lat: here.lat, description: '非机动车乱停放' };
  street = `dispatcher-${here.streetCode}`;
  worker = `worker-${here.gridCode}`;
});

const post = (key: string | null, payload: unknown = body, as = street) =>
  send(t.as(as), 'POST', '/api/v1/incidents', payload, key === null ? {} : { 'idempotency-key': key });
const casesWithKey = async (key: string) =>
  (await t.db.pool.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE key = $1`, [key])).rows[0].n as number;
const countCases = async (description: string) =>
  (await t.db.pool.query(`SELECT count(*)::int AS n FROM incident WHERE description = $1`, [description])).rows[0].n as number;

describe('Idempotency-Key', () => {
  it('answers a sequential retry with the same case, marked as replayed', async () => {
    const key = randomUUID();
    const first = await post(key);
    const second = await post(key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await casesWithKey(key)).toBe(1);
  });

  it('answers the creation even after the case moved on', async () => {
    const key = randomUUID();
    const first = await post(key);
    expect((await send(t.as(worker), 'POST', `/api/v1/incidents/${first.body.id}/actions`, { action: 'verify' })).status).toBe(200);
    const retry = await post(key);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.status).toBe('reported');
  });

  it('accepts the key as a structured-field string (quoted)', async () => {
    const key = randomUUID();
    const quoted = await post(`"${key}"`);
    const bare = await post(key);
    expect(bare.body.id).toBe(quoted.body.id);
  });

  it('creates exactly one case from many concurrent retries', async () => {
    const description = `concurrent ${randomUUID()}`;
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(key, { ...body, description })));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(await countCases(description)).toBe(1);
    const { rows } = await t.db.pool.query(`SELECT count(*)::int AS n FROM incident_event WHERE incident_id = $1`, [answers[0].body.id]);
    expect(rows[0].n).toBe(1);
  });

  it('keeps different keys apart and cases without a key independent', async () => {
    const description = `no key ${randomUUID()}`;
    await post(null, { ...body, description });
    await post(null, { ...body, description });
    await post(randomUUID(), { ...body, description });
    expect(await countCases(description)).toBe(3);
  });

  it('keeps the keys of different accounts apart', async () => {
    const key = randomUUID();
    const description = `two accounts ${randomUUID()}`;
    const mine = await post(key, { ...body, description });
    const theirs = await post(key, { ...body, description }, 'commander');
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(await countCases(description)).toBe(2);
  });

  it('refuses the same key with another body (422) and a malformed key (400)', async () => {
    const key = randomUUID();
    await post(key);
    const other = await post(key, { ...body, description: 'something else' });
    expect(other.status).toBe(422);
    expect(other.body.detail).toContain('different request body');
    const bad = await post('bad key with spaces');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('Idempotency-Key');
  });

  it('does not keep a key for a refused request, so the corrected retry goes through', async () => {
    const key = randomUUID();
    const refused = await post(key, { ...body, category: '99999' });
    expect(refused.status).toBe(400);
    expect(await casesWithKey(key)).toBe(0);
    expect((await post(key)).status).toBe(201);
  });
});
