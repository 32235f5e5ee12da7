/** A case as its readers see it: an analyst reads it with the reporter masked and is offered no action. */
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
