/**
 * A case's creation notifies tile_data after its commit (sql/015), not inside its transaction;
 * other writes notify as before.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncident, incidentDeps } from '../incidents/create.ts';
import { actors, gridPoint } from '../incidents/test-support.ts';
import { testApp } from '../testing/app.ts';

const t = testApp();
const listener = new pg.Client(t.db.pool.options);
const heard: string[] = [];
let here: Awaited<ReturnType<typeof gridPoint>>;

beforeAll(async () => {
  here = await gridPoint(t.db.pool, 30);
  await listener.connect();
  listener.on('notification', (message) => heard.push(message.payload ?? ''));
  await listener.query('LISTEN tile_data');
});
afterAll(async () => {
  await listener.end();
  await t.tiles.close();
  await t.db.close();
});

const version = async () => Number((await t.db.pool.query('SELECT last_value FROM tile_version_incidents')).rows[0].last_value);
const settle = () => new Promise((r) => setTimeout(r, 300));
const create = (notifyTiles: boolean) =>
  createIncident(incidentDeps(t.db.pool, t.gridIndex, notifyTiles), {
    source: 'patrol', categoryCode: '06010', priority: 'normal', level: 'grid', description: 'tile notify test', actor: actors.worker, lon: here.lon, lat: here.lat,
  });

describe('tile notifications of created cases', () => {
  it('are not sent by the insert itself, which still moves the version', async () => {
    await settle();
    heard.length = 0;
    const before = await version();
    await create(false);
    await settle();
    expect(heard).toEqual([]);
    expect(await version()).toBeGreaterThan(before);
  });

  // The embedded database's servers read the sequences instead (tiles/versions.ts): its one
  // session does not pass notifications from one connection to another.
  const listening = t.db.kind === 'postgres';

  it.skipIf(!listening)('are sent once the case is committed', async () => {
    await settle();
    heard.length = 0;
    await Promise.all([create(true), create(true), create(true)]);
    await settle();
    expect(heard.length).toBeGreaterThanOrEqual(1);
    expect(heard.every((payload) => payload === 'incidents')).toBe(true);
  });

  it.skipIf(!listening)('of other writes are sent by the trigger as before', async () => {
    await settle();
    heard.length = 0;
    await t.db.pool.query(`UPDATE incident SET updated_at = now() WHERE id = (SELECT max(id) FROM incident)`);
    await settle();
    expect(heard).toEqual(['incidents']);
  });
});
