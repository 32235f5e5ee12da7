/**
 * A case from end to end in a real browser: (a) a citizen on a phone (390×844) reports a problem
 * — category, a pin tapped on the map, a generated PNG, a description — over a connection that
 * drops the first answer, and gets one ticket; a second report of the same thing is offered to
 * follow instead; (b) staff on the desk (1440×900) sign in, find the case and move it to closed,
 * each account in its turn (the street's dispatcher, the grid's worker), with the allowed-action
 * buttons (and see a stale view refused with 409); (c) the citizen rates it. Against the real
 * server and the seeded test database.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../src/api.ts';
import { interiorPoint } from '../src/map/geometry.ts';
import { act, actAs, centreCitizenMap, citizenMapPoint, signIn, timelineCount } from './case-steps.ts';
import { apiCall, apiToken, externalRequests, generatedPng, screenshot, startStack, type Stack } from './harness.ts';

let stack: Stack;
let phone: BrowserContext;
let citizen: Page;
let desk: Page;
let grid: GridCollection['features'][number];
let point: [number, number];
const requested: string[] = [];
const pageErrors: string[] = [];
const description = `小区门口垃圾堆了两天 ${Date.now().toString(36)}`;
let ticket = '';

function watch(page: Page): void {
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
}

const query = async (sql: string, params: unknown[]) => (await stack.db.pool.query(sql, params)).rows;

beforeAll(async () => {
  stack = await startStack();
  const grids = (await (await fetch(`${stack.server.url}/api/v1/grids`)).json()) as GridCollection;
  // An urban grid far (by code order) from the ones the API tests report into.
  grid = grids.features.filter((f) => f.properties.kind === 'urban').sort((a, b) => a.properties.code.localeCompare(b.properties.code))[40];
  point = interiorPoint(grid.geometry).position;
  phone = await stack.browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN',
    permissions: ['geolocation'], geolocation: { longitude: point[0], latitude: point[1] },
  });
  citizen = await phone.newPage();
  watch(citizen);
  desk = await (await stack.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
  watch(desk);
});

afterAll(() => stack?.close());

describe('a citizen report handled to closure on the desk', () => {
  it('(a) a citizen reports from a phone and gets one ticket, even when the first answer is lost', async () => {
    await citizen.goto(`${stack.server.url}/report.html`);
    await citizen.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await screenshot(citizen, 'citizen-start');

    await citizen.getByTestId('cat-group-rubbish').click();
    await citizen.getByTestId('cat-06010').click();
    expect(await citizen.getByTestId('category-chosen').getAttribute('data-code')).toBe('06010');

    await centreCitizenMap(citizen, point, 16);
    const at = await citizenMapPoint(citizen, point);
    await citizen.touchscreen.tap(at.x, at.y);
    const place = citizen.getByTestId('place');
    await citizen.waitForSelector('[data-testid="place"][data-state="inside"]');
    expect(await place.getAttribute('data-grid')).toBe(grid.properties.code);
    expect(await place.textContent()).toContain(grid.properties.name);

    await citizen.getByTestId('photo-input').setInputFiles({ name: 'rubbish.png', mimeType: 'image/png', buffer: generatedPng(48, 32, [90, 140, 60]) });
    await citizen.getByTestId('photo-thumb').waitFor();
    await citizen.getByTestId('description').fill(description);
    await citizen.getByTestId('contact-name').fill('王女士');
    await citizen.getByTestId('contact-phone').fill('13912345678');
    await citizen.getByTestId('location-picker').scrollIntoViewIfNeeded();
    await screenshot(citizen, 'citizen-filled');

    // The first try reaches the server, but its answer is lost on the way back: the page retries.
    const keys: string[] = [];
    await citizen.route('**/api/v1/public/reports', async (route) => {
      keys.push(route.request().headers()['idempotency-key']);
      if (keys.length === 1) {
        await route.fetch();
        await route.abort('failed');
      } else {
        await route.continue();
      }
    });
    await citizen.getByTestId('submit').click();
    await citizen.getByTestId('done-card').waitFor({ timeout: 30_000 });
    ticket = (await citizen.getByTestId('done-ticket').textContent()) ?? '';
    expect(ticket).toMatch(/^PK\d{13}$/);
    expect(await citizen.getByTestId('ticket-status').getAttribute('data-status')).toBe('received');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    await citizen.unroute('**/api/v1/public/reports');
    await screenshot(citizen, 'citizen-done');

    const rows = await query(
      `SELECT i.ticket, i.grid_code, i.source, i.status, i.category_code, i.reporter_phone,
              (SELECT count(*)::int FROM incident_photo p WHERE p.incident_id = i.id AND p.content_type = 'image/png') AS photos
       FROM incident i WHERE i.description = $1`, [description]);
    expect(rows).toEqual([{ ticket, grid_code: grid.properties.code, source: 'citizen_app', status: 'reported', category_code: '06010', reporter_phone: '13912345678', photos: 1 }]);

    // The ticket page: status, progress; a question to the centre.
    await citizen.getByTestId('done-view').click();
    await citizen.getByTestId('ticket-number').waitFor();
    expect(await citizen.getByTestId('ticket-number').textContent()).toContain(ticket);
    await citizen.getByTestId('message-input').fill('请问什么时候处理？');
    await citizen.getByTestId('message-send').click();
    await citizen.locator('[data-testid="message"][data-author="citizen"]').waitFor();
  });

  it('(a) a second report of the same problem nearby is offered to follow instead', async () => {
    await citizen.getByTestId('tab-report').click();
    await citizen.getByTestId('done-again').click();
    await citizen.getByTestId('cat-group-rubbish').click();
    await citizen.getByTestId('cat-06010').click();
    await citizen.getByTestId('locate').click(); // the phone's position: the same place
    await citizen.waitForSelector(`[data-testid="place"][data-grid="${grid.properties.code}"]`);
    await citizen.getByTestId('description').fill('门口又有一堆垃圾');
    await citizen.getByTestId('submit').click();
    const offer = citizen.locator(`[data-testid="duplicate"][data-ticket="${ticket}"]`);
    await offer.waitFor();
    await screenshot(citizen, 'citizen-duplicate');
    await offer.getByTestId('duplicate-follow').click();
    await citizen.waitForURL(`**/report.html#ticket=${ticket}`);
    await citizen.getByTestId('ticket-number').waitFor();
    const created = await query(`SELECT count(*)::int AS n FROM incident WHERE description = '门口又有一堆垃圾'`, []);
    expect(created[0].n).toBe(0);
  });

  it('(b) staff sign in, find the case in the queue and move it to closed with the allowed actions', async () => {
    const dispatcher = `dispatcher-${grid.properties.streetCode}`;
    const worker = `worker-${grid.properties.code}`;
    // Nobody is signed in: the desk sends the browser to the login page, which sends it back.
    await desk.goto(`${stack.server.url}/desk.html`);
    await desk.waitForURL(`${stack.server.url}/login.html?next=%2Fdesk.html`);
    await signIn(desk, dispatcher);
    await desk.getByTestId('filter-source').selectOption('citizen_app');
    await desk.getByTestId('filter-status').selectOption('reported');
    const row = desk.locator(`[data-testid="queue-row"][data-ticket="${ticket}"]`);
    await row.waitFor();
    await expect.poll(() => desk.getByTestId('kpi-registered').textContent()).toMatch(/\d/);
    await row.click();
    await desk.waitForSelector('[data-testid="case-panel"][data-state="shown"]');
    expect(await desk.getByTestId('case-ticket').textContent()).toContain(ticket);
    expect(await desk.getByTestId('case-grid').getAttribute('data-code')).toBe(grid.properties.code);
    expect(await desk.getByTestId('case-photos').locator('img').count()).toBe(1);
    expect(await timelineCount(desk)).toBe(1);
    const id = Number(await row.getAttribute('data-id'));
    await expect.poll(() => desk.evaluate((id) => window.lianqinDesk.map!.queryRenderedFeatures({ layers: ['case-points'] })
      .some((f) => f.properties.id === id), id)).toBe(true);
    await screenshot(desk, 'desk-reported');

    // The grid's worker sees what a grid worker may do: verify, not void or register.
    expect(await desk.getByTestId('action-void').count()).toBe(1);
    await actAs(desk, worker);
    expect(await desk.getByTestId('action-void').count()).toBe(0);
    await act(desk, worker, 'verify', 'verified');
    expect(await desk.getByTestId('action-register').count()).toBe(0);
    await act(desk, dispatcher, 'register', 'registered');
    expect(await desk.getByTestId('case-light').textContent()).toMatch(/正常|预警|超时/);

    // Someone else acts on the case while the dispatch form is open: the stale action is refused.
    await desk.getByTestId('action-dispatch').click();
    const urged = await apiCall(stack.server.url, await apiToken(stack.server.url, 'commander'), 'POST', `/api/v1/incidents/${id}/actions`, { action: 'urge' });
    expect(urged.status).toBe(200);
    await desk.getByTestId('action-submit').click();
    await desk.getByTestId('action-refusal').waitFor();
    expect(await desk.getByTestId('action-refusal-message').textContent()).toContain('changed');
    await expect.poll(() => desk.getByTestId('action-refusal-allowed').textContent()).toContain('派遣');
    await expect.poll(() => timelineCount(desk)).toBe(4);
    await screenshot(desk, 'desk-conflict');

    await act(desk, dispatcher, 'dispatch', 'dispatched', { assignee: '张网格员' });
    await act(desk, worker, 'accept', 'handling');
    await act(desk, worker, 'feedback', 'handled', { note: '已清运垃圾，现场已清洁', photo: generatedPng(48, 32, [200, 200, 190]) });
    await expect.poll(() => desk.getByTestId('case-photos').locator('img').count()).toBe(2);
    await act(desk, worker, 'check_pass', 'checked');

    // The street's centre answers the citizen's question, under its own name.
    await actAs(desk, dispatcher);
    await desk.locator('[data-testid="desk-message"]').first().waitFor();
    await desk.getByTestId('desk-reply').fill('已安排清运，今天处理完毕。');
    await desk.getByTestId('desk-reply-send').click();
    await expect.poll(() => desk.getByTestId('desk-message').count()).toBe(2);

    expect(await desk.getByTestId('desk-message').last().textContent()).toContain('指挥分中心');
    await act(desk, dispatcher, 'close', 'closed', { note: '已处理完毕' });
    const actions = await desk.getByTestId('timeline-event').evaluateAll((items) => items.map((i) => i.getAttribute('data-action')));
    expect(actions).toEqual(['report', 'verify', 'register', 'urge', 'dispatch', 'accept', 'feedback', 'check_pass', 'close']);
    // Each step is logged under the account that took it.
    const [logged] = await query(
      `SELECT array_agg(actor_user ORDER BY seq) AS usernames FROM incident_event WHERE incident_id = $1`, [id]);
    expect(logged.usernames).toEqual([null, worker, dispatcher, 'commander', dispatcher, worker, worker, worker, dispatcher]);
    expect(await desk.getByTestId('case-status').textContent()).toBe('已结案');
    expect(await desk.getByTestId('action-reopen').count()).toBe(1);
    await screenshot(desk, 'desk-closed');

    // The queue follows: gone from "to verify", there under "closed".
    await expect.poll(() => row.count()).toBe(0);
    await desk.getByTestId('filter-status').selectOption('closed');
    await desk.locator(`[data-testid="queue-row"][data-ticket="${ticket}"][data-status="closed"]`).waitFor();
    const [stored] = await query('SELECT status, closed_level, closed_on_time FROM incident WHERE ticket = $1', [ticket]);
    expect(stored).toEqual({ status: 'closed', closed_level: 'grid', closed_on_time: true });
  }, 240_000); // six sign-ins, each loading the desk again

  it('(c) the citizen sees it closed, reads the answer and rates it', async () => {
    await citizen.getByTestId('tab-tickets').click();
    const card = citizen.locator(`[data-testid="ticket-card"][data-ticket="${ticket}"]`);
    await card.locator('[data-testid="ticket-status"][data-status="closed"]').waitFor();
    await screenshot(citizen, 'citizen-tickets');
    await card.click();
    // The photo of the result is public once the case is closed.
    await expect.poll(() => citizen.getByTestId('ticket-photos').locator('img').count()).toBe(2);
    await citizen.getByTestId('rating-form').waitFor();
    await citizen.locator('[data-testid="message"][data-author="centre"]').waitFor();
    await citizen.getByTestId('star-4').click();
    await citizen.getByTestId('rating-comment').fill('处理很及时');
    await citizen.getByTestId('rating-submit').click();
    await citizen.locator('[data-testid="ticket-rating"][data-score="4"]').waitFor();
    await screenshot(citizen, 'citizen-rated');
    const [stored] = await query('SELECT status, rating, rating_comment FROM incident WHERE ticket = $1', [ticket]);
    expect(stored).toEqual({ status: 'evaluated', rating: 4, rating_comment: '处理很及时' });

    expect(externalRequests(requested, stack.server.url)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
