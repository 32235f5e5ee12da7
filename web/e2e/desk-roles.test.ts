/**
 * What each account sees on the desk (1440×900): a street dispatcher signs in and sees only its
 * street's cases (every queue row, the API's list, the KPI strip), acts on one of them and hands
 * the citizen's link out; an analyst sees the district's cases with the reporter masked, no
 * action, and grid-database records masked. Against the real server and the seeded database.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../src/api.ts';
import { interiorPoint } from '../src/map/geometry.ts';
import { act, signIn } from './case-steps.ts';
import { apiCall, apiToken, externalRequests, screenshot, startStack, type Stack } from './harness.ts';

let stack: Stack;
let browser: Browser;
type Grid = GridCollection['features'][number];
let grid: Grid;
let otherGrid: Grid;
/** A case reported in the dispatcher's street, and one in another street. */
let own = { id: 0, ticket: '' };
let other = { id: 0, ticket: '' };
const requested: string[] = [];
const pageErrors: string[] = [];
const reporter = { name: '张三丰', phone: '13812345678' };

async function deskPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function report(where: Grid, description: string): Promise<{ id: number; ticket: string }> {
  const [lon, lat] = interiorPoint(where.geometry).position;
  const created = await apiCall(stack.server.url, await apiToken(stack.server.url, 'commander'), 'POST', '/api/v1/incidents', {
    source: 'hotline_12345', category: '06010', lon, lat, description, reporter,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id, ticket: created.body.ticket };
}

beforeAll(async () => {
  stack = await startStack();
  browser = stack.browser;
  const grids = (await (await fetch(`${stack.server.url}/api/v1/grids`)).json()) as GridCollection;
  const urban = grids.features.filter((f) => f.properties.kind === 'urban').sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  grid = urban[120];
  otherGrid = urban.find((f) => f.properties.streetCode !== grid.properties.streetCode)!;
  own = await report(grid, '人行道上堆放建筑垃圾');
  other = await report(otherGrid, '另一街道的暴露垃圾');
});

afterAll(() => stack?.close());

describe('a street dispatcher', () => {
  let desk: Page;
  let street = '';
  let dispatcher = '';
  const kpiRequests: string[] = [];

  beforeAll(async () => {
    street = grid.properties.streetCode;
    dispatcher = `dispatcher-${street}`;
    desk = await deskPage();
    desk.on('request', (request) => {
      if (request.url().includes('/api/v1/kpis')) kpiRequests.push(request.url());
    });
  });

  it('signs in and sees only the cases of its street', async () => {
    await desk.goto(`${stack.server.url}/desk.html`);
    await signIn(desk, dispatcher);
    expect(await desk.getByTestId('user-name').textContent()).toBe(`${grid.properties.streetName}指挥分中心`);
    expect(await desk.getByTestId('user-role').textContent()).toBe(`街道分中心调度员 · ${grid.properties.streetName}`);

    // The street is not a choice: it is all the dispatcher sees.
    expect(await desk.getByTestId('filter-street').inputValue()).toBe(street);
    expect(await desk.getByTestId('filter-street').isDisabled()).toBe(true);
    await desk.getByTestId('filter-status').selectOption('all');
    await expect.poll(() => desk.getByTestId('queue-row').count()).toBe(50);
    await desk.getByTestId('queue-more').click();
    await expect.poll(() => desk.getByTestId('queue-row').count()).toBe(100);
    const streets = await desk.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-street')));
    expect(new Set(streets)).toEqual(new Set([street]));
    const grids = await desk.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-grid') ?? ''));
    expect(grids.every((code) => code.startsWith(street))).toBe(true);

    // The KPI strip is the street's.
    expect(kpiRequests.length).toBeGreaterThan(0);
    for (const url of kpiRequests) {
      const params = new URL(url).searchParams;
      expect([params.get('level'), params.get('code')]).toEqual(['street', street]);
    }
    await expect.poll(() => desk.getByTestId('kpis').textContent()).toContain(grid.properties.streetName);

    // Another street's case is not there, by ticket or by link; the API agrees.
    await desk.getByTestId('filter-ticket').fill(other.ticket);
    await desk.getByTestId('filter-ticket').press('Enter');
    await desk.getByTestId('queue-empty').waitFor();
    // The alert strip sits under the KPIs, whatever the queue holds; the queue and the map keep
    // the rest of the page, down to its bottom.
    await expect.poll(() => desk.getByTestId('alerts').getAttribute('data-state')).toBe('shown');
    const layout = await desk.evaluate(() => ({
      page: window.innerHeight,
      alerts: document.querySelector('[data-testid="alerts"]')!.getBoundingClientRect().height,
      map: document.querySelector('.map-pane')!.getBoundingClientRect(),
    }));
    expect(layout.alerts).toBeLessThan(80);
    expect(layout.map.bottom).toBeCloseTo(layout.page, 0);
    expect(layout.map.height).toBeGreaterThan(layout.page * 0.7);
    const token = await apiToken(stack.server.url, dispatcher);
    const list = await apiCall(stack.server.url, token, 'GET', '/api/v1/incidents?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(500);
    expect(new Set(list.body.items.map((item: { street: { code: string } }) => item.street.code))).toEqual(new Set([street]));
    expect((await apiCall(stack.server.url, token, 'GET', `/api/v1/incidents/${other.id}`)).status).toBe(404);
    expect((await apiCall(stack.server.url, token, 'GET', '/api/v1/kpis')).status).toBe(403);
  });

  it('acts on a case of its street and hands out the citizen link', async () => {
    await desk.getByTestId('filter-ticket').fill(own.ticket);
    await desk.getByTestId('filter-ticket').press('Enter');
    const row = desk.locator(`[data-testid="queue-row"][data-ticket="${own.ticket}"]`);
    await row.click();
    await desk.waitForSelector('[data-testid="case-panel"][data-state="shown"][data-status="reported"]');
    expect(await desk.getByTestId('case-reporter').textContent()).toContain(reporter.phone);
    await act(desk, dispatcher, 'verify', 'verified');
    await act(desk, dispatcher, 'register', 'registered');
    expect(await desk.getByTestId('action-dispatch').count()).toBe(1);
    await screenshot(desk, 'desk-street-dispatcher');

    // The citizen's link opens the ticket on a phone that never saw it.
    const link = await desk.getByTestId('case-public-link').getAttribute('href');
    expect(link).toMatch(new RegExp(`^/report\\.html#ticket=${own.ticket}&access=[A-Za-z0-9_-]{16,}$`));
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    try {
      const citizen = await phone.newPage();
      citizen.on('pageerror', (error) => pageErrors.push(error.message));
      await citizen.goto(`${stack.server.url}${link}`);
      await citizen.getByTestId('ticket-number').waitFor();
      expect(await citizen.getByTestId('ticket-number').textContent()).toContain(own.ticket);
      // The token is kept with the ticket, and out of the address bar.
      expect(new URL(citizen.url()).hash).toBe(`#ticket=${own.ticket}`);
      const stored = await citizen.evaluate(() => JSON.parse(localStorage.getItem('lianqin.citizen.tickets') ?? '[]'));
      expect(stored).toEqual([expect.objectContaining({ ticket: own.ticket, access: link!.split('access=')[1] })]);
      await screenshot(citizen, 'citizen-linked');

      // Without the token, the same ticket does not open.
      const stranger = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
      await stranger.goto(`${stack.server.url}/report.html#ticket=${own.ticket}`);
      await stranger.getByText(`无法打开工单 ${own.ticket}`).waitFor();
      await stranger.context().close();
    } finally {
      await phone.close();
    }
  });
});

describe('an analyst', () => {
  let desk: Page;

  beforeAll(async () => {
    desk = await deskPage();
  });

  it('sees the district’s cases with the reporter masked and no action', async () => {
    await desk.goto(`${stack.server.url}/desk.html#case=${own.id}`);
    await signIn(desk, 'analyst');
    expect(await desk.getByTestId('user-role').textContent()).toBe('数据分析员 · 浦口区');
    const shown = await desk.getByTestId('case-reporter').textContent();
    expect(shown).not.toContain(reporter.phone);
    expect(shown).not.toContain(reporter.name);
    expect(shown).toContain('138****5678');
    expect(shown).toContain('张**');
    expect(await desk.locator('button[data-testid^="action-"]').count()).toBe(0);
    expect(await desk.getByTestId('action-panel').count()).toBe(0);
    await desk.getByTestId('case-read-only').waitFor();
    expect(await desk.getByTestId('desk-messages').count()).toBe(0);
    expect(await desk.getByTestId('case-public-link').count()).toBe(0);
    await screenshot(desk, 'desk-analyst');

    // District-wide: cases of more than one street, and the district's KPIs.
    await desk.getByTestId('filter-status').selectOption('all');
    await expect.poll(() => desk.getByTestId('queue-row').count()).toBe(50);
    const streets = await desk.getByTestId('queue-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-street')));
    expect(new Set(streets).size).toBeGreaterThan(1);
    await expect.poll(() => desk.getByTestId('kpis').textContent()).toContain('浦口区');

    // The API refuses the analyst's action.
    const token = await apiToken(stack.server.url, 'analyst');
    expect((await apiCall(stack.server.url, token, 'POST', `/api/v1/incidents/${own.id}/actions`, { action: 'dispatch' })).status).toBe(403);
  });

  it('reads grid-database records masked', async () => {
    // The desk's session (the cookie), as any page of the analyst would ask.
    const answer = await desk.evaluate(async () => {
      const response = await fetch('/api/v1/entities?limit=500');
      return { status: response.status, body: await response.json() };
    });
    expect(answer.status).toBe(200);
    // Every attribute but the public numbers (legal entities' credit codes, components' ids).
    const values = (answer.body.items as { attrs: Record<string, unknown> }[])
      .flatMap((item) => Object.entries(item.attrs))
      .filter(([key]) => !/^(credit_code|统一社会信用代码|component_id|部件编码)$/i.test(key))
      .map(([, value]) => String(value));
    expect(values.length).toBeGreaterThan(0);
    // No whole ID-card or mobile number; masked values are there.
    expect(values.filter((v) => /^\d{17}[\dXx]$/.test(v) || /^1[3-9]\d{9}$/.test(v))).toEqual([]);
    expect(values.some((v) => /\*{2,}/.test(v))).toBe(true);

    expect(externalRequests(requested, stack.server.url)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
