/**
 * The KPI formulas on a hand-computed set of cases in one grid, registered in the week of
 * 2024-03-04 (before the demo year, so nothing else is there), judged at Friday 18:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import { testApp } from '../testing/app.ts';
import { actOnIncident } from '../incidents/act.ts';
import { createIncident, incidentDeps } from '../incidents/create.ts';
import { actors, gridPoint } from '../incidents/test-support.ts';
import { demoClock } from '../../seeds/pukou/incidents/demo-clock.ts';

const t = testApp();
const deps = incidentDeps(t.db.pool, t.gridIndex);
afterAll(() => t.db.close());

let g: Awaited<ReturnType<typeof gridPoint>>;
type Step = [action: string, when: string, extra?: Record<string, unknown>];

const ACTOR: Record<string, object> = {
  verify: actors.worker, register: actors.street, dispatch: actors.street, accept: actors.worker, feedback: actors.worker,
  check_pass: actors.worker, check_fail: actors.worker, close: actors.street, extend: actors.street, suspend: actors.street,
  escalate: actors.street, void: actors.street,
};

async function kase(created: string, steps: Step[], selfHandled = false) {
  const c = await createIncident(
    deps,
    { source: 'patrol', categoryCode: '06010', priority: 'normal', level: 'grid', lon: g.lon, lat: g.lat, description: 'kpi', actor: actors.worker, selfHandled },
    { now: shanghaiTime(created) },
  );
  for (const [action, when, extra] of steps) {
    await actOnIncident(deps, c.state.id, { action, actor: ACTOR[action], note: 'n', ...extra } as never, { now: shanghaiTime(when) });
  }
}

const open = (day: string, verify: string, register: string): Step[] => [['verify', `${day} ${verify}`], ['register', `${day} ${register}`]];

beforeAll(async () => {
  g = await gridPoint(t.db.pool, 50);
  const d = (code: string) => ({ actor: actors.dept(code) });
  // C1 self-handled on the spot: closed at grid, on time, 0 h
  await kase('2024-03-04 10:00', [], true);
  // C2 closed at grid on time, 2 h 10 min after the report
  await kase('2024-03-04 08:50', [['verify', '2024-03-04 08:55'], ['register', '2024-03-04 09:00'], ['dispatch', '2024-03-04 09:30'],
    ['feedback', '2024-03-04 10:00'], ['check_pass', '2024-03-04 10:30'], ['close', '2024-03-04 11:00']]);
  // C3 escalated to street (2 working days from Tue 10:00: due Thu 10:00), closed Fri 10:00: late, 73 h
  await kase('2024-03-05 09:00', [['verify', '2024-03-05 09:05'], ['register', '2024-03-05 09:10'], ['escalate', '2024-03-05 10:00'],
    ['dispatch', '2024-03-05 11:00'], ['accept', '2024-03-05 11:30', { actor: actors.unit }], ['feedback', '2024-03-08 09:00', { actor: actors.unit }],
    ['check_pass', '2024-03-08 09:30'], ['close', '2024-03-08 10:00']]);
  // C4 grid: reworked once and extended once (4 + 2 working hours), closed on time, 3 h
  await kase('2024-03-05 14:00', [['verify', '2024-03-05 14:05'], ['register', '2024-03-05 14:10'], ['dispatch', '2024-03-05 14:20'],
    ['feedback', '2024-03-05 15:00'], ['check_fail', '2024-03-05 15:30'], ['extend', '2024-03-05 15:40', { amount: 2 }],
    ['feedback', '2024-03-05 16:00'], ['check_pass', '2024-03-05 16:30'], ['close', '2024-03-05 17:00']]);
  // C5 escalated twice, two departments at district, closed on time, 26 h
  await kase('2024-03-06 09:00', [['verify', '2024-03-06 09:02'], ['register', '2024-03-06 09:05'], ['escalate', '2024-03-06 09:30'],
    ['escalate', '2024-03-06 10:00'],
    ['dispatch', '2024-03-06 10:30', { actor: actors.district, departments: ['law_enforcement', 'housing_construction'] }],
    ['accept', '2024-03-06 11:00', d('law_enforcement')], ['accept', '2024-03-06 11:10', d('housing_construction')],
    ['feedback', '2024-03-07 10:00', d('law_enforcement')], ['feedback', '2024-03-07 10:10', d('housing_construction')],
    ['check_pass', '2024-03-07 10:30'], ['close', '2024-03-07 11:00', { actor: actors.district }]]);
  // C6 suspended (缓办) and still suspended: due, but left out of the on-time base
  await kase('2024-03-07 09:00', [...open('2024-03-07', '09:05', '09:10'), ['dispatch', '2024-03-07 09:30'], ['suspend', '2024-03-07 10:00']]);
  // C7 open and past due (due Thu 16:10)
  await kase('2024-03-07 10:00', [...open('2024-03-07', '10:05', '10:10'), ['dispatch', '2024-03-07 10:30']]);
  // C8 voided and C9 never verified: never registered, not counted at all
  await kase('2024-03-08 09:00', [['verify', '2024-03-08 09:10'], ['void', '2024-03-08 09:20']]);
  await kase('2024-03-08 10:00', []);
  // C10 open, not yet due at Friday 18:00 (due Monday 09:10)
  await kase('2024-03-08 15:00', open('2024-03-08', '15:05', '15:10'));
  // C11 closed at 19:00, after the moment of judgement: still open then, and past due (15:10)
  await kase('2024-03-08 09:00', [...open('2024-03-08', '09:05', '09:10'), ['dispatch', '2024-03-08 09:20'], ['feedback', '2024-03-08 18:30'],
    ['check_pass', '2024-03-08 18:40'], ['close', '2024-03-08 19:00']]);
});

const WINDOW = `from=2024-03-04&to=2024-03-09&asOf=${encodeURIComponent('2024-03-08T18:00:00+08:00')}`;

const EXPECTED = {
  registered: 9,
  closed: 5,
  completionRate: 0.5556, // 5 / 9
  due: 8, // all but C10
  suspended: 1,
  onTimeClosed: 4, // C1 C2 C4 C5
  onTimeRate: 0.5714, // 4 / (8 − 1)
  reworked: 1,
  reworkRate: 0.1111,
  extended: 1,
  extensionRate: 0.1111,
  averageHandlingHours: 20.83, // (0 + 2.1667 + 73 + 3 + 26) / 5
  closedAt: { grid: 3, street: 1, district: 1 },
  funnel: { grid: 0.6, street: 0.2, district: 0.2 },
};

describe('GET /api/v1/kpis', () => {
  it('computes the formulas on hand-computed cases (grid scope)', async () => {
    const { status, body } = await t.getJson(`/api/v1/kpis?level=grid&code=${g.gridCode}&${WINDOW}`, 'commander');
    expect(status).toBe(200);
    expect(body.scope).toMatchObject({ level: 'grid', code: g.gridCode });
    expect(body.totals).toEqual(EXPECTED);
    expect(body.byArea).toEqual([]);
    expect(body.byGrid).toEqual([expect.objectContaining({ code: g.gridCode, ...EXPECTED })]);
  });

  it('gives the same totals for the community, street and district, split per child area', async () => {
    const community = await t.getJson(`/api/v1/kpis?level=community&code=${g.communityCode}&${WINDOW}`, 'commander');
    expect(community.body.totals).toEqual(EXPECTED);
    const ours = community.body.byArea.find((a: any) => a.code === g.gridCode);
    expect(ours).toMatchObject({ level: 'grid', registered: 9 });
    expect(community.body.byArea.filter((a: any) => a.code !== g.gridCode).every((a: any) => a.registered === 0)).toBe(true);

    const street = await t.getJson(`/api/v1/kpis?level=street&code=${g.streetCode}&${WINDOW}`, 'commander');
    expect(street.body.totals).toEqual(EXPECTED);
    expect(street.body.byArea.find((a: any) => a.code === g.communityCode)).toMatchObject({ level: 'community', closed: 5 });

    const district = await t.getJson(`/api/v1/kpis?${WINDOW}`, 'commander');
    expect(district.body.scope).toEqual({ level: 'district', code: '320111', name: '浦口区' });
    expect(district.body.totals).toEqual(EXPECTED);
    expect(district.body.byGrid).toHaveLength(456);
    expect(district.body.byArea.length).toBeGreaterThan(9);
  });

  it('counts per department the cases dispatched to it', async () => {
    const { body } = await t.getJson(`/api/v1/kpis?level=grid&code=${g.gridCode}&${WINDOW}`, 'commander');
    expect(body.byDepartment.map((d: any) => d.code).sort()).toEqual(['housing_construction', 'law_enforcement']);
    for (const department of body.byDepartment) {
      expect(department).toMatchObject({ registered: 1, closed: 1, onTimeClosed: 1, onTimeRate: 1, funnel: { district: 1 } });
      expect(department.name).toEqual(expect.any(String));
    }
  });

  it('judges at the moment asked: later, C11 is closed (late) and C10 is due', async () => {
    const { body } = await t.getJson(`/api/v1/kpis?level=grid&code=${g.gridCode}&from=2024-03-04&to=2024-03-09&asOf=2024-03-20`, 'commander');
    expect(body.totals).toMatchObject({ registered: 9, closed: 6, due: 9, suspended: 1, onTimeClosed: 4, onTimeRate: 0.5, completionRate: 0.6667 });
  });

  it('gives null rates when nothing was registered', async () => {
    const { body } = await t.getJson(`/api/v1/kpis?level=grid&code=${g.gridCode}&from=2024-01-01&to=2024-01-02`, 'commander');
    expect(body.totals).toMatchObject({ registered: 0, completionRate: null, onTimeRate: null, averageHandlingHours: null, funnel: { grid: null } });
  });

  it('answers within the signed-in user\'s jurisdiction only: 403 outside it, 401 without sign-in', async () => {
    const street = await t.getJson(`/api/v1/kpis?level=street&code=${g.streetCode}&${WINDOW}`, `dispatcher-${g.streetCode}`);
    expect(street.status).toBe(200);
    expect(street.body.totals).toEqual(EXPECTED);
    const district = await t.getJson(`/api/v1/kpis?${WINDOW}`, `dispatcher-${g.streetCode}`);
    expect(district.status).toBe(403);
    expect(district.body.detail).toContain('outside your jurisdiction');
    expect((await t.getJson(`/api/v1/kpis?level=grid&code=${g.gridCode}&${WINDOW}`, 'analyst')).body.totals).toEqual(EXPECTED);
    expect((await t.app.request(`/api/v1/kpis?${WINDOW}`)).status).toBe(401);
  });

  it.each([
    ['level=street', 400, 'code: required'],
    ['level=street&code=320111', 400, 'a street code has 9 digits'],
    ['level=grid&code=320111999999999', 404, 'no grid has code'],
    ['level=county', 400, 'level'],
    ['from=2024-03-09&to=2024-03-04', 400, 'from: must be before to'],
    ['asOf=now', 400, 'asOf'],
  ])('answers ?%s with %i', async (query, status, message) => {
    const answer = await t.getJson(`/api/v1/kpis?${query}`, 'commander');
    expect(answer.status).toBe(status);
    expect(answer.body.detail).toContain(message);
  });
});

describe('GET /api/v1/kpis for department staff', () => {
  // The demo year's last three months (seeded), judged at its end.
  const DEMO = { from: '', to: '' };
  let window = '';
  beforeAll(async () => {
    const { end } = (await demoClock(t.db.pool))!;
    Object.assign(DEMO, { from: new Date(end.getTime() - 92 * 86_400_000).toISOString(), to: end.toISOString() });
    window = `from=${encodeURIComponent(DEMO.from)}&to=${encodeURIComponent(DEMO.to)}&asOf=${encodeURIComponent(DEMO.to)}`;
  });

  it('answers a department for the cases dispatched to it, as the commander counts them per department', async () => {
    const commander = await t.getJson(`/api/v1/kpis?${window}`, 'commander');
    const department = await t.getJson(`/api/v1/kpis?${window}`, 'dept-law_enforcement');
    expect(department.status).toBe(200);
    const { code, name, ...own } = commander.body.byDepartment.find((d: any) => d.code === 'law_enforcement');
    expect(own.registered).toBeGreaterThan(0);
    expect(own.registered).toBeLessThan(commander.body.totals.registered);
    expect(department.body.totals).toEqual(own);
    expect(department.body.totals).not.toEqual(commander.body.totals);
    expect(department.body.byDepartment).toEqual([{ code, name, ...own }]);
    expect(department.body.scope).toEqual({ level: 'district', code: '320111', name: '浦口区', department: { code: 'law_enforcement', name } });
    const streets = department.body.byArea.reduce((sum: number, a: any) => sum + a.registered, 0);
    const grids = department.body.byGrid.reduce((sum: number, g: any) => sum + g.onTimeClosed, 0);
    expect([streets, grids]).toEqual([own.registered, own.onTimeClosed]);

    const { rows: [counted] } = await t.db.pool.query(
      `SELECT count(*)::int AS registered, count(*) FILTER (WHERE i.closed_at <= $2 AND i.closed_on_time)::int AS on_time
       FROM incident i JOIN incident_department d ON d.incident_id = i.id AND d.department_code = 'law_enforcement'
       WHERE i.registered_at >= $1 AND i.registered_at < $2`,
      [DEMO.from, DEMO.to],
    );
    expect({ registered: own.registered, onTimeClosed: own.onTimeClosed }).toEqual({ registered: counted.registered, onTimeClosed: counted.on_time });
  });

  it('keeps a department to its cases in a street too; a street unit without a department code gets its street', async () => {
    const { rows: [{ street }] } = await t.db.pool.query(
      `SELECT i.street_code AS street FROM incident i JOIN incident_department d ON d.incident_id = i.id AND d.department_code = 'law_enforcement'
       WHERE i.registered_at >= $1 AND i.registered_at < $2 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
      [DEMO.from, DEMO.to],
    );
    const commander = await t.getJson(`/api/v1/kpis?level=street&code=${street}&${window}`, 'commander');
    const department = await t.getJson(`/api/v1/kpis?level=street&code=${street}&${window}`, 'dept-law_enforcement');
    const { code, name, ...own } = commander.body.byDepartment.find((d: any) => d.code === 'law_enforcement');
    expect(own.registered).toBeGreaterThan(0);
    expect(department.body.totals).toEqual(own);
    const unit = await t.getJson(`/api/v1/kpis?level=street&code=${street}&${window}`, `unit-${street}`);
    expect(unit.body.totals).toEqual(commander.body.totals);
    expect(unit.body.scope.department).toBeUndefined();
  });
});
