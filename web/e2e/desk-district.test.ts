/**
 * The desk at district level (1440×900): a case escalated grid → street → district (through the
 * API, by the grid's worker and the street's dispatcher) is opened by its link by the district
 * commander, dispatched to two departments at once with the multi-select, and each department,
 * signed in as itself, takes its own part; the queue pages with "load more"; the early-warning
 * strip lists the grids the API puts in alert; the desk reads in English too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../src/api.ts';
import { interiorPoint } from '../src/map/geometry.ts';
import { act, actAs, signIn, timelineCount } from './case-steps.ts';
import { apiCall, apiToken, externalRequests, screenshot, startStack, type Stack } from './harness.ts';

let stack: Stack;
let desk: Page;
let id = 0;
const requested: string[] = [];
const pageErrors: string[] = [];

/** A POST as a demo account (a bearer token of its own); the answer must be a success. */
async function post(username: string, path: string, body: unknown): Promise<any> {
  const answer = await apiCall(stack.server.url, await apiToken(stack.server.url, username), 'POST', path, body);
  expect(answer.status, `${username} ${path}: ${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body;
}

beforeAll(async () => {
  stack = await startStack();
  const grids = (await (await fetch(`${stack.server.url}/api/v1/grids`)).json()) as GridCollection;
  const grid = grids.features[200];
  const [lon, lat] = interiorPoint(grid.geometry).position;
  const created = await post('commander', '/api/v1/incidents', {
    source: 'hotline_12345', category: '06001', lon, lat, description: '沿街私搭乱建，需多部门联合处置',
  });
  id = created.id;
  const street = `dispatcher-${grid.properties.streetCode}`;
  await post(`worker-${grid.properties.code}`, `/api/v1/incidents/${id}/actions`, { action: 'verify' });
  for (const step of [
    { action: 'register' },
    { action: 'escalate', note: '需街道协调' },
    { action: 'escalate', note: '需区级联合执法' },
  ]) await post(street, `/api/v1/incidents/${id}/actions`, step);
  desk = await (await stack.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
  desk.on('request', (request) => requested.push(request.url()));
  desk.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(() => stack?.close());

describe('the desk at district level', () => {
  it('pages the queue with "load more"', async () => {
    await desk.goto(`${stack.server.url}/desk.html`);
    await signIn(desk, 'commander');
    expect(await desk.getByTestId('user-role').textContent()).toContain('区指挥中心调度员');
    await desk.getByTestId('filter-status').selectOption('all');
    await expect.poll(() => desk.getByTestId('queue-row').count()).toBe(50);
    await desk.getByTestId('queue-more').click();
    await expect.poll(() => desk.getByTestId('queue-row').count()).toBe(100);
    const ids = await desk.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(100);
  });

  it('shows the early warnings of the district: the grids above their forecast, as many as the API lists', async () => {
    const alerts = desk.getByTestId('alerts');
    await desk.waitForSelector('[data-testid="alerts"][data-state="shown"]', { timeout: 60_000 });
    expect(await alerts.locator('h2').textContent()).toBe('预警');
    const answer = await apiCall(stack.server.url, await apiToken(stack.server.url, 'commander'), 'GET', '/api/v1/alerts');
    expect(answer.status).toBe(200);
    const grids = answer.body.grids as { code: string; name: string; observed: number }[];
    expect(await desk.getByTestId('alerts-count').textContent()).toBe(String(grids.length));
    expect(await desk.getByTestId('alerts-cells').textContent()).toContain(String(answer.body.cells.length));
    const shown = desk.getByTestId('alert-grid');
    if (grids.length) {
      expect(await shown.count()).toBe(Math.min(6, grids.length));
      expect(await shown.first().getAttribute('data-code')).toBe(grids[0].code);
      expect(await shown.first().textContent()).toContain(`${grids[0].observed} 件`);
    } else {
      expect(await shown.count()).toBe(0);
      expect(await desk.getByTestId('alerts-none').textContent()).toContain('无网格超出预测上限');
    }
  });

  it('dispatches to several departments, each of which takes its own part', async () => {
    await desk.goto(`${stack.server.url}/desk.html#case=${id}`);
    await desk.reload();
    await desk.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await desk.waitForSelector('[data-testid="case-panel"][data-state="shown"][data-status="registered"]');
    expect(await timelineCount(desk)).toBe(5);

    await act(desk, 'commander', 'dispatch', 'dispatched', { departments: ['law_enforcement', 'housing_construction'], note: '联合执法' });
    const departments = desk.getByTestId('case-departments').locator('li');
    expect(await departments.evaluateAll((items) => items.map((i) => i.getAttribute('data-code')))).toEqual(['housing_construction', 'law_enforcement']);

    await act(desk, 'dept-housing_construction', 'accept', 'handling');
    await act(desk, 'dept-housing_construction', 'feedback', 'handling', { note: '已备案' });
    expect(await departments.filter({ has: desk.locator('.dep-done') }).count()).toBe(1);
    // Its part done, the department has nothing left to do on the case.
    expect(await desk.getByTestId('action-accept').count()).toBe(0);
    expect(await desk.getByTestId('action-feedback').count()).toBe(0);
    await act(desk, 'dept-law_enforcement', 'accept', 'handling');
    await act(desk, 'dept-law_enforcement', 'feedback', 'handled', { note: '已拆除' });
    await screenshot(desk, 'desk-district');
    const last = await desk.getByTestId('timeline-event').last().textContent();
    expect(last).toContain('已拆除');
  }, 180_000); // three accounts, each signing in

  it('opens a case from its point on the map', async () => {
    await desk.getByTestId('case-close').click();
    await expect.poll(() => desk.getByTestId('case-panel').isHidden()).toBe(true);
    const detail = (await apiCall(stack.server.url, await apiToken(stack.server.url, 'commander'), 'GET', `/api/v1/incidents/${id}`)).body;
    const point = await desk.evaluate(async ({ lon, lat }) => {
      const map = window.lianqinDesk.map!;
      const idle = new Promise<void>((resolve) => map.once('idle', () => resolve()));
      map.jumpTo({ center: [lon, lat], zoom: 15 });
      map.triggerRepaint();
      await idle;
      const { x, y } = map.project([lon, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    }, detail.location);
    await desk.mouse.click(point.x, point.y);
    await desk.waitForSelector('[data-testid="case-panel"][data-state="shown"]');
    expect(await desk.getByTestId('case-ticket').textContent()).toContain(detail.ticket);
  });

  it('reads in English', async () => {
    await actAs(desk, 'commander');
    await desk.getByTestId('lang-switch').click();
    expect(await desk.getByTestId('user-role').textContent()).toContain('District commander');
    expect(await desk.getByTestId('case-status').textContent()).toBe('To check');
    expect(await desk.getByTestId('kpis').textContent()).toContain('Completion rate');
    expect(await desk.getByTestId('alerts').locator('h2').textContent()).toBe('Early warning');
    expect(await desk.getByTestId('action-check_pass').textContent()).toBe('Check: pass');
    await screenshot(desk, 'desk-english');
    await desk.getByTestId('lang-switch').click();
    expect(externalRequests(requested, stack.server.url)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
