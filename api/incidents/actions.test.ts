import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../testing/app.ts';
import { actors, gridPoint, PNG_1x1, send } from './test-support.ts';

const t = testApp();
afterAll(() => t.db.close());

let here: Awaited<ReturnType<typeof gridPoint>>;
beforeAll(async () => {
  here = await gridPoint(t.db.pool, 10);
});

async function newCase(extra: Record<string, unknown> = {}): Promise<number> {
  const { status, body } = await send(t.app, 'POST', '/api/v1/incidents', {
    source: 'patrol', category: '09009', lon: here.lon, lat: here.lat, description: '机动车乱停放', actor: actors.worker, ...extra,
  });
  expect(status).toBe(201);
  return body.id;
}

const act = (id: number, body: Record<string, unknown>) => send(t.app, 'POST', `/api/v1/incidents/${id}/actions`, body);

async function expectStep(id: number, body: Record<string, unknown>, status: string, level = 'grid') {
  const answer = await act(id, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.status).toBe(status);
  expect(answer.body.level).toBe(level);
  return answer.body;
}

describe('the main path at grid level', () => {
  it('report → verify → register → dispatch → accept → feedback → check → close → evaluate', async () => {
    const id = await newCase();
    await expectStep(id, { action: 'verify', actor: actors.worker }, 'verified');
    const registered = await expectStep(id, { action: 'register', actor: actors.street }, 'registered');
    expect(registered.timeLimit).toMatchObject({ unit: 'working_hours', amount: 2 });
    expect(registered.dueAt).toEqual(expect.any(String));
    expect(['green', 'yellow']).toContain(registered.light); // depends on the time of day the test runs
    await expectStep(id, { action: 'dispatch', actor: actors.street, assignee: '王网格员' }, 'dispatched');
    await expectStep(id, { action: 'accept', actor: actors.worker }, 'handling');
    const handled = await expectStep(id, {
      action: 'feedback', actor: actors.worker, note: '已劝离车辆', photos: [{ data: PNG_1x1.toString('base64') }],
    }, 'handled');
    expect(handled.photos).toEqual([expect.objectContaining({ stage: 'feedback', contentType: 'image/png' })]);
    await expectStep(id, { action: 'check_pass', actor: actors.worker }, 'checked');
    const closed = await expectStep(id, { action: 'close', actor: actors.street }, 'closed');
    expect(closed).toMatchObject({ closedLevel: 'grid', closedOnTime: true, light: null });
    const rated = await expectStep(id, { action: 'evaluate', actor: actors.citizen, rating: 5, comment: '很满意' }, 'evaluated');
    expect(rated.rating).toMatchObject({ score: 5, comment: '很满意' });
    expect(rated.events.map((e: any) => e.action)).toEqual(
      ['report', 'verify', 'register', 'dispatch', 'accept', 'feedback', 'check_pass', 'close', 'evaluate'],
    );
    expect(rated.events.map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rated.version).toBe(9);
  });

  it('voids a report that is not true', async () => {
    const id = await newCase();
    const voided = await expectStep(id, { action: 'void', actor: actors.street, note: '经核实不属实' }, 'voided');
    expect(voided.allowedActions).toEqual([]);
  });

  it('reworks a case that fails its check, and reopens a closed one', async () => {
    const id = await newCase();
    for (const step of [
      { action: 'verify', actor: actors.worker }, { action: 'register', actor: actors.street },
      { action: 'dispatch', actor: actors.street }, { action: 'feedback', actor: actors.worker, note: 'done' },
    ]) await act(id, step);
    const rework = await expectStep(id, { action: 'check_fail', actor: actors.worker, note: '仍有车辆' }, 'dispatched');
    expect(rework.counts.reworks).toBe(1);
    await expectStep(id, { action: 'feedback', actor: actors.worker, note: 'done again' }, 'handled');
    await expectStep(id, { action: 'check_pass', actor: actors.street }, 'checked');
    await expectStep(id, { action: 'close', actor: actors.street }, 'closed');
    const reopened = await expectStep(id, { action: 'reopen', actor: actors.street, note: '问题复发' }, 'registered');
    expect(reopened).toMatchObject({ closedAt: null, closedLevel: null, counts: { reopens: 1, reworks: 1 } });
    expect(reopened.light).not.toBeNull();
  });
});

describe('escalation to street and district, several departments at once', () => {
  it('grid → street → district; handled when every department has reported back', async () => {
    const id = await newCase({ category: '06001', description: '私搭乱建' });
    await act(id, { action: 'verify', actor: actors.worker });
    await act(id, { action: 'register', actor: actors.street });
    await act(id, { action: 'dispatch', actor: actors.street });
    const atStreet = await expectStep(id, { action: 'escalate', actor: actors.worker, note: '需街道协调' }, 'registered', 'street');
    expect(atStreet.timeLimit).toMatchObject({ unit: 'working_days', amount: 2 });
    await expectStep(id, { action: 'dispatch', actor: actors.street, assignee: '街道执法中队' }, 'dispatched', 'street');
    await expectStep(id, { action: 'accept', actor: actors.unit }, 'handling', 'street');
    const atDistrict = await expectStep(id, { action: 'escalate', actor: actors.street, note: '需区级联合执法' }, 'registered', 'district');
    expect(atDistrict.timeLimit).toMatchObject({ unit: 'working_days', amount: 5 });
    expect(atDistrict.allowedActions.find((a: any) => a.action === 'escalate')).toBeUndefined();

    const noDepartments = await act(id, { action: 'dispatch', actor: actors.district });
    expect(noDepartments.status).toBe(400);
    expect(noDepartments.body.detail).toContain('departments');
    const unknown = await act(id, { action: 'dispatch', actor: actors.district, departments: ['ministry_of_magic'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('ministry_of_magic');
    const byStreet = await act(id, { action: 'dispatch', actor: actors.street, departments: ['law_enforcement'] });
    expect(byStreet.status).toBe(403);

    const dispatched = await expectStep(id, { action: 'dispatch', actor: actors.district, departments: ['law_enforcement', 'housing_construction'] }, 'dispatched', 'district');
    expect(dispatched.departments.map((d: any) => [d.code, d.status])).toEqual([['housing_construction', 'dispatched'], ['law_enforcement', 'dispatched']]);
    expect(dispatched.departments[0].name).toEqual(expect.any(String));
    const accepted = await expectStep(id, { action: 'accept', actor: actors.dept('law_enforcement') }, 'handling', 'district');
    expect(accepted.allowedActions.map((a: any) => a.action)).toEqual(['feedback', 'return']); // law enforcement's own view
    const other = await t.getJson(`/api/v1/incidents/${id}?role=department&department=housing_construction`);
    expect(other.body.allowedActions.map((a: any) => a.action)).toEqual(['accept', 'feedback', 'return']);
    await expectStep(id, { action: 'accept', actor: actors.dept('housing_construction') }, 'handling', 'district');
    const again = await act(id, { action: 'accept', actor: actors.dept('law_enforcement') });
    expect(again.status).toBe(409);
    const half = await expectStep(id, { action: 'feedback', actor: actors.dept('law_enforcement'), note: '已拆除' }, 'handling', 'district');
    expect(half.events.at(-1).data.waitingFor).toEqual(['housing_construction']);
    await expectStep(id, { action: 'feedback', actor: actors.dept('housing_construction'), note: '已备案' }, 'handled', 'district');
    await expectStep(id, { action: 'check_pass', actor: actors.worker }, 'checked', 'district');
    const closed = await expectStep(id, { action: 'close', actor: actors.district }, 'closed', 'district');
    expect(closed.closedLevel).toBe('district');
  });
});

describe('side paths and concurrency', () => {
  it('suspends (clock paused), resumes, extends and urges', async () => {
    const id = await newCase();
    await act(id, { action: 'verify', actor: actors.worker });
    const registered = (await act(id, { action: 'register', actor: actors.street })).body;
    const suspended = await expectStep(id, { action: 'suspend', actor: actors.street, note: '等待雨停' }, 'suspended');
    expect(suspended).toMatchObject({ dueAt: null, light: null, timeLimit: { paused: true } });
    expect(suspended.allowedActions.map((a: any) => a.action)).toEqual(['resume']);
    const resumed = await expectStep(id, { action: 'resume', actor: actors.street }, 'registered');
    expect(new Date(resumed.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(registered.dueAt).getTime());
    const extended = await expectStep(id, { action: 'extend', actor: actors.street, amount: 2, note: '需协调' }, 'registered');
    expect(extended.timeLimit.amount).toBe(4);
    expect(extended.counts.extensions).toBe(1);
    const urged = await expectStep(id, { action: 'urge', actor: actors.district, note: '请尽快' }, 'registered');
    expect(urged.counts.urges).toBe(1);
  });

  it('answers an illegal action with 409 and what is allowed', async () => {
    const id = await newCase();
    const { status, headers, body } = await act(id, { action: 'close', actor: actors.street });
    expect(status).toBe(409);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(body.detail).toContain('cannot close a case that is reported');
    expect(body.allowedActions.map((a: any) => a.action)).toEqual(['verify', 'void']);
  });

  it('refuses a stale expectedVersion and validates the body', async () => {
    const id = await newCase();
    const stale = await act(id, { action: 'verify', actor: actors.worker, expectedVersion: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(1);
    expect((await act(id, { action: 'verify', actor: actors.worker, expectedVersion: 1 })).status).toBe(200);
    const unknown = await act(id, { action: 'teleport', actor: actors.worker });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('action');
    expect((await act(id, { action: 'register', actor: { role: 'street_dispatcher' } })).body.detail).toContain('actor.name');
    expect((await act(999999999, { action: 'verify', actor: actors.worker })).status).toBe(404);
    const noRating = await act(id, { action: 'evaluate', actor: actors.citizen, rating: 9 });
    expect(noRating.status).toBe(400);
    expect(noRating.body.detail).toContain('rating');
  });

  it('applies two dispatchers acting at once one after the other', async () => {
    const id = await newCase();
    await act(id, { action: 'verify', actor: actors.worker });
    const answers = await Promise.all([
      act(id, { action: 'register', actor: actors.street, expectedVersion: 2 }),
      act(id, { action: 'register', actor: { role: 'street_dispatcher', name: 'another' }, expectedVersion: 2 }),
      act(id, { action: 'void', actor: actors.street, note: 'dup', expectedVersion: 2 }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const { body } = await t.getJson(`/api/v1/incidents/${id}`);
    expect(body.version).toBe(3);
    expect(body.events).toHaveLength(3);
  });
});
