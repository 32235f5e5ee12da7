import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { incidentDeps } from './create.ts';
import { actOnIncident } from './act.ts';
import { accessOf, actors, displayName, gridPoint, PNG_1x1, send } from './test-support.ts';

const t = testApp();
const deps = incidentDeps(t.db.pool, t.gridIndex);
afterAll(() => t.db.close());

let here: Awaited<ReturnType<typeof gridPoint>>;
/** The accounts that take the workflow's roles on this file's cases: the grid's worker, the street's sub-centre. */
let worker: string;
let street: string;
const dept = (code: string) => `dept-${code}`;
beforeAll(async () => {
  here = await gridPoint(t.db.pool, 10);
  worker = `worker-${here.gridCode}`;
  street = `dispatcher-${here.streetCode}`;
});

async function newCase(extra: Record<string, unknown> = {}): Promise<number> {
  const { status, body } = await send(t.as(worker), 'POST', '/api/v1/incidents', {
    source: 'patrol', category: '09009', lon: here.lon, lat: here.lat, description: '机动车乱停放', ...extra,
  });
  expect(status).toBe(201);
  return body.id;
}

/** An action on a case, signed in as the account that takes it. */
const act = (id: number, as: string, body: Record<string, unknown>) => send(t.as(as), 'POST', `/api/v1/incidents/${id}/actions`, body);

async function expectStep(id: number, as: string, body: Record<string, unknown>, status: string, level = 'grid') {
  const answer = await act(id, as, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.status).toBe(status);
  expect(answer.body.level).toBe(level);
  return answer.body;
}

describe('the main path at grid level', () => {
  it('report → verify → register → dispatch → accept → feedback → check → close → evaluate', async () => {
    const id = await newCase();
    await expectStep(id, worker, { action: 'verify' }, 'verified');
    const registered = await expectStep(id, street, { action: 'register' }, 'registered');
    expect(registered.timeLimit).toMatchObject({ unit: 'working_hours', amount: 2 });
    expect(registered.dueAt).toEqual(expect.any(String));
    expect(['green', 'yellow']).toContain(registered.light); // depends on the time of day the test runs
    await expectStep(id, street, { action: 'dispatch', assignee: '王网格员' }, 'dispatched');
    await expectStep(id, worker, { action: 'accept' }, 'handling');
    const handled = await expectStep(id, worker, {
      action: 'feedback', note: '已劝离车辆', photos: [{ data: PNG_1x1.toString('base64') }],
    }, 'handled');
    expect(handled.photos).toEqual([expect.objectContaining({ stage: 'feedback', contentType: 'image/png' })]);
    await expectStep(id, worker, { action: 'check_pass' }, 'checked');
    const closed = await expectStep(id, street, { action: 'close' }, 'closed');
    expect(closed).toMatchObject({ closedLevel: 'grid', closedOnTime: true, light: null });
    // The citizen rates through the ticket's public link, which the case's handlers see.
    const rating = await send(t.app, 'POST', `/api/v1/public/tickets/${closed.ticket}/rating?access=${accessOf(closed.publicLink)}`, { rating: 5, comment: '很满意' });
    expect(rating.status, JSON.stringify(rating.body)).toBe(200);
    const rated = (await t.getJson(`/api/v1/incidents/${id}`, street)).body;
    expect(rated.status).toBe('evaluated');
    expect(rated.rating).toMatchObject({ score: 5, comment: '很满意' });
    expect(rated.events.map((e: any) => e.action)).toEqual(
      ['report', 'verify', 'register', 'dispatch', 'accept', 'feedback', 'check_pass', 'close', 'evaluate'],
    );
    expect(rated.events.map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rated.version).toBe(9);
  });

  it('voids a report that is not true', async () => {
    const id = await newCase();
    const voided = await expectStep(id, street, { action: 'void', note: '经核实不属实' }, 'voided');
    expect(voided.allowedActions).toEqual([]);
  });

  it('reworks a case that fails its check, and reopens a closed one', async () => {
    const id = await newCase();
    for (const [as, step] of [
      [worker, { action: 'verify' }], [street, { action: 'register' }],
      [street, { action: 'dispatch' }], [worker, { action: 'feedback', note: 'done' }],
    ] as const) await act(id, as, step);
    const rework = await expectStep(id, worker, { action: 'check_fail', note: '仍有车辆' }, 'dispatched');
    expect(rework.counts.reworks).toBe(1);
    await expectStep(id, worker, { action: 'feedback', note: 'done again' }, 'handled');
    await expectStep(id, street, { action: 'check_pass' }, 'checked');
    await expectStep(id, street, { action: 'close' }, 'closed');
    const reopened = await expectStep(id, street, { action: 'reopen', note: '问题复发' }, 'registered');
    expect(reopened).toMatchObject({ closedAt: null, closedLevel: null, counts: { reopens: 1, reworks: 1 } });
    expect(reopened.light).not.toBeNull();
  });
});

describe('escalation to street and district, several departments at once', () => {
  it('grid → street → district; handled when every department has reported back', async () => {
    const id = await newCase({ category: '06001', description: '私搭乱建' });
    await act(id, worker, { action: 'verify' });
    await act(id, street, { action: 'register' });
    await act(id, street, { action: 'dispatch' });
    const atStreet = await expectStep(id, worker, { action: 'escalate', note: '需街道协调' }, 'registered', 'street');
    expect(atStreet.timeLimit).toMatchObject({ unit: 'working_days', amount: 2 });
    await expectStep(id, street, { action: 'dispatch', assignee: '街道执法中队' }, 'dispatched', 'street');
    // A street unit (街道执法中队) has no account of its own: its part goes through the domain function.
    await actOnIncident(deps, id, { action: 'accept', actor: actors.unit });
    expect((await t.getJson(`/api/v1/incidents/${id}`, street)).body).toMatchObject({ status: 'handling', level: 'street' });
    const atDistrict = await expectStep(id, street, { action: 'escalate', note: '需区级联合执法' }, 'registered', 'district');
    expect(atDistrict.timeLimit).toMatchObject({ unit: 'working_days', amount: 5 });
    expect(atDistrict.allowedActions.find((a: any) => a.action === 'escalate')).toBeUndefined();

    const noDepartments = await act(id, 'commander', { action: 'dispatch' });
    expect(noDepartments.status).toBe(400);
    expect(noDepartments.body.detail).toContain('departments');
    const unknown = await act(id, 'commander', { action: 'dispatch', departments: ['ministry_of_magic'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('ministry_of_magic');
    const byStreet = await act(id, street, { action: 'dispatch', departments: ['law_enforcement'] });
    expect(byStreet.status).toBe(403);

    const dispatched = await expectStep(id, 'commander', { action: 'dispatch', departments: ['law_enforcement', 'housing_construction'] }, 'dispatched', 'district');
    expect(dispatched.departments.map((d: any) => [d.code, d.status])).toEqual([['housing_construction', 'dispatched'], ['law_enforcement', 'dispatched']]);
    expect(dispatched.departments[0].name).toEqual(expect.any(String));
    const accepted = await expectStep(id, dept('law_enforcement'), { action: 'accept' }, 'handling', 'district');
    expect(accepted.allowedActions.map((a: any) => a.action)).toEqual(['feedback', 'return']); // law enforcement's own view
    const other = await t.getJson(`/api/v1/incidents/${id}`, dept('housing_construction'));
    expect(other.body.allowedActions.map((a: any) => a.action)).toEqual(['accept', 'feedback', 'return']);
    await expectStep(id, dept('housing_construction'), { action: 'accept' }, 'handling', 'district');
    const again = await act(id, dept('law_enforcement'), { action: 'accept' });
    expect(again.status).toBe(409);
    const half = await expectStep(id, dept('law_enforcement'), { action: 'feedback', note: '已拆除' }, 'handling', 'district');
    expect(half.events.at(-1).data.waitingFor).toEqual(['housing_construction']);
    await expectStep(id, dept('housing_construction'), { action: 'feedback', note: '已备案' }, 'handled', 'district');
    await expectStep(id, worker, { action: 'check_pass' }, 'checked', 'district');
    const closed = await expectStep(id, 'commander', { action: 'close' }, 'closed', 'district');
    expect(closed.closedLevel).toBe('district');
  });
});

describe('side paths and concurrency', () => {
  it('suspends (clock paused), resumes, extends and urges', async () => {
    const id = await newCase();
    await act(id, worker, { action: 'verify' });
    const registered = (await act(id, street, { action: 'register' })).body;
    const suspended = await expectStep(id, street, { action: 'suspend', note: '等待雨停' }, 'suspended');
    expect(suspended).toMatchObject({ dueAt: null, light: null, timeLimit: { paused: true } });
    expect(suspended.allowedActions.map((a: any) => a.action)).toEqual(['resume']);
    const resumed = await expectStep(id, street, { action: 'resume' }, 'registered');
    expect(new Date(resumed.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(registered.dueAt).getTime());
    const extended = await expectStep(id, street, { action: 'extend', amount: 2, note: '需协调' }, 'registered');
    expect(extended.timeLimit.amount).toBe(4);
    expect(extended.counts.extensions).toBe(1);
    const urged = await expectStep(id, 'commander', { action: 'urge', note: '请尽快' }, 'registered');
    expect(urged.counts.urges).toBe(1);
  });

  it('answers an illegal action with 409 and what is allowed', async () => {
    const id = await newCase();
    const { status, headers, body } = await act(id, street, { action: 'close' });
    expect(status).toBe(409);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(body.detail).toContain('cannot close a case that is reported');
    expect(body.allowedActions.map((a: any) => a.action)).toEqual(['verify', 'void']);
    expect(body).toMatchObject({ status: 409, caseStatus: 'reported', level: 'grid' });
  });

  it('refuses a stale expectedVersion and validates the body', async () => {
    const id = await newCase();
    const stale = await act(id, worker, { action: 'verify', expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);
    expect((await act(id, worker, { action: 'verify', expectedVersion: 1 })).status).toBe(200);
    const unknown = await act(id, worker, { action: 'teleport' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('action');
    const posing = await act(id, street, { action: 'register', actor: { role: 'district_dispatcher', name: '冒名者' } });
    expect(posing.status).toBe(200);
    expect(posing.body.events.at(-1).actor).toEqual({ role: 'street_dispatcher', name: await displayName(t.db.pool, street), username: street });
    expect((await act(999999999, worker, { action: 'verify' })).status).toBe(404);
    const elsewhere = await gridPoint(t.db.pool, 300);
    expect(elsewhere.streetCode).not.toBe(here.streetCode);
    expect((await act(id, `dispatcher-${elsewhere.streetCode}`, { action: 'dispatch' })).status).toBe(404);
    expect((await act(id, 'analyst', { action: 'dispatch' })).status).toBe(403);
    expect((await send(t.app, 'POST', `/api/v1/incidents/${id}/actions`, { action: 'dispatch' })).status).toBe(401);
    const noRating = await act(id, worker, { action: 'evaluate', rating: 9 });
    expect(noRating.status).toBe(400);
    expect(noRating.body.detail).toContain('rating');
  });

  it('applies two dispatchers acting at once one after the other', async () => {
    const id = await newCase();
    await act(id, worker, { action: 'verify' });
    const answers = await Promise.all([
      act(id, street, { action: 'register', expectedVersion: 2 }),
      act(id, street, { action: 'register', expectedVersion: 2 }),
      act(id, street, { action: 'void', note: 'dup', expectedVersion: 2 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const { body } = await t.getJson(`/api/v1/incidents/${id}`, street);
    expect(body.version).toBe(3);
    expect(body.events).toHaveLength(3);
  });
});
