/** Case free text by reader: the handling street's dispatcher reads numbers typed into it whole, an analyst masked, on every route that returns it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { gridPoint, send } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

const ID = '320111199001011234';
const ID_MASKED = '320111********1234';
const MOBILE = '13912345678';
const MOBILE_MASKED = '139****5678';
const description = `路灯不亮，联系人身份证${ID}，电话${MOBILE}`;

let first = 0;
let second = 0;
let dispatcher = '';
let here: Awaited<ReturnType<typeof gridPoint>>;

beforeAll(async () => {
  here = await gridPoint(t.db.pool, 11);
  dispatcher = `dispatcher-${here.streetCode}`;
  const report = (text: string) => send(t.as(dispatcher), 'POST', '/api/v1/incidents', {
    source: 'hotline_12345', category: '06010', lon: here.lon, lat: here.lat, description: text, address: `幸福小区门口，物业${MOBILE}`,
  });
  const a = await report(description);
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  first = a.body.id;
  const verified = await send(t.as(dispatcher), 'POST', `/api/v1/incidents/${first}/actions`, { action: 'verify', note: `已回电${MOBILE}核实` });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  const b = await report(`同一路灯，${MOBILE}又来电`);
  expect(b.status).toBe(201);
  second = b.body.id;
});

/** Each route's items, as the given account reads them. */
const read = async (path: string, username: string) => {
  const { status, body } = await t.getJson(path, username);
  expect(status, `${username} ${path}: ${JSON.stringify(body)}`).toBe(200);
  return body;
};
const byId = (items: { id: number }[], id: number) => {
  const item = items.find((i) => i.id === id);
  expect(item, `case ${id} in ${items.map((i) => i.id).join(',')}`).toBeDefined();
  return item as unknown as { description: string; address: string };
};

describe('case free text', () => {
  it('GET /incidents: masked for an analyst, whole for the handling dispatcher', async () => {
    const path = `/api/v1/incidents?grid=${here.gridCode}&limit=100`;
    const masked = byId((await read(path, 'analyst')).items, first);
    expect(masked.description).toBe(`路灯不亮，联系人身份证${ID_MASKED}，电话${MOBILE_MASKED}`);
    expect(masked.address).toBe(`幸福小区门口，物业${MOBILE_MASKED}`);
    const whole = byId((await read(path, dispatcher)).items, first);
    expect(whole.description).toBe(description);
    expect(whole.address).toBe(`幸福小区门口，物业${MOBILE}`);
  });

  it('GET /incidents/{id}: description, address and the notes of its log', async () => {
    const masked = await read(`/api/v1/incidents/${first}`, 'analyst');
    expect(masked.description).toBe(`路灯不亮，联系人身份证${ID_MASKED}，电话${MOBILE_MASKED}`);
    expect(masked.events.map((e: { note: string | null }) => e.note)).toContain(`已回电${MOBILE_MASKED}核实`);
    expect(JSON.stringify(masked)).not.toContain(MOBILE);
    expect(JSON.stringify(masked)).not.toContain(ID);
    const whole = await read(`/api/v1/incidents/${first}`, dispatcher);
    expect(whole.description).toBe(description);
    expect(whole.events.map((e: { note: string | null }) => e.note)).toContain(`已回电${MOBILE}核实`);
  });

  it('GET /incidents/duplicates and /incidents/{id}/duplicates', async () => {
    const path = `/api/v1/incidents/duplicates?category=06010&lon=${here.lon}&lat=${here.lat}`;
    expect(byId((await read(path, 'analyst')).items, first).description).toBe(`路灯不亮，联系人身份证${ID_MASKED}，电话${MOBILE_MASKED}`);
    expect(byId((await read(path, dispatcher)).items, first).description).toBe(description);
    const ofCase = `/api/v1/incidents/${second}/duplicates`;
    expect(byId((await read(ofCase, 'analyst')).items, first).description).toBe(`路灯不亮，联系人身份证${ID_MASKED}，电话${MOBILE_MASKED}`);
    expect(byId((await read(ofCase, dispatcher)).items, first).description).toBe(description);
  });

  it('GET /incidents/{id}/messages: the handlers read them whole; an analyst may not read them at all', async () => {
    const posted = await send(t.as(dispatcher), 'POST', `/api/v1/incidents/${first}/messages`, { body: `请拨${MOBILE}，身份证${ID}` });
    expect(posted.status).toBe(201);
    const whole = await read(`/api/v1/incidents/${first}/messages`, dispatcher);
    expect(whole.items.map((m: { body: string }) => m.body)).toContain(`请拨${MOBILE}，身份证${ID}`);
    const analyst = await t.getJson(`/api/v1/incidents/${first}/messages`, 'analyst');
    expect(analyst.status).toBe(403);
    expect(JSON.stringify(analyst.body)).not.toContain(MOBILE);
  });
});
