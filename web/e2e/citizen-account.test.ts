/**
 * A citizen's optional account on a phone (390×844): registered on the citizen page, a report
 * sent while signed in joins "my tickets" from the account, and on another phone signing in
 * brings the ticket along. Against the real server and the seeded test database.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../src/api.ts';
import { interiorPoint } from '../src/map/geometry.ts';
import { submitLogin } from './case-steps.ts';
import { externalRequests, screenshot, startStack, type Stack } from './harness.ts';

let stack: Stack;
let browser: Browser;
let point: [number, number];
const username = `citizen-${Date.now().toString(36)}`;
const password = 'a-long-enough-password';
let ticket = '';
const requested: string[] = [];
const pageErrors: string[] = [];

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page };
}

beforeAll(async () => {
  stack = await startStack();
  browser = stack.browser;
  const grids = (await (await fetch(`${stack.server.url}/api/v1/grids`)).json()) as GridCollection;
  point = interiorPoint(grids.features.filter((f) => f.properties.kind === 'urban')[60].geometry).position;
});

afterAll(() => stack?.close());

describe('a citizen account', () => {
  it('is registered on the citizen page and keeps the tickets reported with it', async () => {
    const { context, page } = await phone();
    try {
      await page.goto(`${stack.server.url}/report.html#tickets`);
      await page.getByTestId('account-register').click();
      await page.getByTestId('register-username').fill(username);
      await page.getByTestId('register-name').fill('李先生');
      await page.getByTestId('register-password').fill('short');
      await page.getByTestId('register-submit').click();
      expect(await page.getByTestId('register-error').textContent()).toContain('至少 10 位');
      await page.getByTestId('register-password').fill(password);
      await page.getByTestId('register-submit').click();
      await page.locator(`[data-testid="account-name"][data-username="${username}"]`).waitFor();
      expect(await page.getByTestId('account-name').textContent()).toBe('已登录：李先生');

      // A report sent with the account's session (the page's cookie) is the account's ticket.
      ticket = await page.evaluate(async ([lon, lat]) => {
        const form = new FormData();
        form.set('category', '06010');
        form.set('lon', String(lon));
        form.set('lat', String(lat));
        form.set('description', '楼下垃圾桶满了');
        const response = await fetch('/api/v1/public/reports', { method: 'POST', body: form, headers: { 'idempotency-key': crypto.randomUUID() } });
        return ((await response.json()) as { ticket: string }).ticket;
      }, point);
      expect(ticket).toMatch(/^PK\d{13}$/);
      await page.reload();
      await page.locator(`[data-testid="ticket-card"][data-ticket="${ticket}"] [data-testid="ticket-status"][data-status="received"]`).waitFor();
      await screenshot(page, 'citizen-account');
    } finally {
      await context.close();
    }
  });

  it('brings the tickets to another phone when the citizen signs in there', async () => {
    const { context, page } = await phone();
    try {
      await page.goto(`${stack.server.url}/report.html#tickets`);
      await page.getByTestId('tickets-empty').waitFor();
      await page.getByTestId('account-sign-in').click();
      await page.waitForURL(`${stack.server.url}/login.html?next=%2Freport.html%23tickets`);
      await submitLogin(page, username, password);
      await page.waitForURL(`${stack.server.url}/report.html#tickets`);
      const card = page.locator(`[data-testid="ticket-card"][data-ticket="${ticket}"]`);
      await card.locator('[data-testid="ticket-status"][data-status="received"]').waitFor();
      await card.click();
      await page.getByTestId('ticket-number').waitFor();
      expect(await page.getByTestId('ticket-description').textContent()).toBe('楼下垃圾桶满了');

      await page.getByTestId('ticket-back').click();
      await page.getByTestId('account-sign-out').click();
      await page.getByTestId('account-sign-in').waitFor();
      expect(await (await context.request.get(`${stack.server.url}/api/v1/auth/me`)).json()).toEqual({ user: null });
      expect(externalRequests(requested, stack.server.url)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
