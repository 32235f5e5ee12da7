/** A case as each account sees and handles it: an analyst reads it masked and is offered no action; a street dispatcher acts; a department takes its own part of a district case. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { gridPoint, send } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let id = 0;
let street = '';
beforeAll(async () => {
  const here = await gridPoint(t.db.pool, 7);
  street = here.streetCode;
  const created = await send(t.as('commander'), 'POST', '/api/v1/incidents', {
    source: 'hotline_12345', category: '06010', lon: here.lon, lat: here.lat, description: '路边垃圾', reporter: { name: '张三丰', phone: '13812345678' },
  });
  expect(created.status).toBe(201);
  id = created.body.id;
});

describe('GET /api/v1/incidents/{id} by role', () => {
  it('offers an analyst no action and masks the reporter', async () => {
    const { status, body } = await t.getJson(`/api/v1/incidents/${id}`, 'analyst');
    expect(status).toBe(200);
    expect(body.allowedActions).toEqual([]);
    expect(body.publicLink).toBeNull();
    expect(body.reporter.name).not.toBe('张三丰');
    expect(body.reporter.phone).not.toBe('13812345678');
  });

  it('offers the street dispatcher its own actions, with the citizen link', async () => {
    const { status, body } = await t.getJson(`/api/v1/incidents/${id}`, `dispatcher-${street}`);
    expect(status).toBe(200);
    expect(body.allowedActions.map((a: { action: string }) => a.action)).toEqual(['verify', 'void']);
    expect(body.reporter.phone).toBe('13812345678');
    expect(body.publicLink).toMatch(/^\/report\.html#ticket=PK\d+&access=/);
  });
});

describe('a department on a district case', () => {
  it('accepts and reports back on its own part, under its own scope', async () => {
    const here = await gridPoint(t.db.pool, 9);
    const created = await send(t.as('commander'), 'POST', '/api/v1/incidents', {
      source: 'hotline_12345', category: '06001', level: 'district', lon: here.lon, lat: here.lat, description: '私搭乱建',
    });
    expect(created.status).toBe(201);
    const step = async (username: string, body: Record<string, unknown>) => {
      const answer = await send(t.as(username), 'POST', `/api/v1/incidents/${created.body.id}/actions`, body);
      expect(answer.status, `${username} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`).toBe(200);
      return answer.body;
    };
    await step('commander', { action: 'verify' });
    await step('commander', { action: 'register' });
    await step('commander', { action: 'dispatch', departments: ['law_enforcement', 'housing_construction'] });
    expect((await step('dept-law_enforcement', { action: 'accept' })).status).toBe('handling');
    const done = await step('dept-law_enforcement', { action: 'feedback', note: '已拆除' });
    expect(done.departments.map((d: { code: string; status: string }) => [d.code, d.status])).toEqual([
      ['housing_construction', 'dispatched'], ['law_enforcement', 'done'],
    ]);
    expect(done.allowedActions).toEqual([]);
    await step('dept-housing_construction', { action: 'return', note: '不属本部门职责' });
  });
});
