/**
 * The five pages as the API server serves them from the built dist: each loads under its
 * Content-Security-Policy with no violation, the desk and the grid database are for signed-in
 * staff (anyone else is sent to the login page, and back after signing in), the staff pages link
 * to each other, and the
 * citizen and login pages carry no deck.gl (phones load less).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, submitLogin } from './case-steps.ts';
import { screenshot, startStack, type Stack } from './harness.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

/** The scripts a page loads at start: its module entry and the chunks it preloads. */
async function pageScripts(page: string): Promise<{ html: string; scripts: string[] }> {
  const response = await fetch(`${stack.server.url}${page}`);
  expect(response.status, page).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/html');
  const html = await response.text();
  const urls = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  const scripts = await Promise.all(urls.map(async (url) => {
    const script = await fetch(`${stack.server.url}${url}`);
    expect(script.status, url).toBe(200);
    return script.text();
  }));
  return { html, scripts };
}

/** A new page whose errors, console errors and CSP violations are collected in `problems`. */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await stack.browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)),
  );
  return { page, problems };
}

describe('pages served from web/dist', () => {
  it.each([['/', '浦口区网格化社会治理'], ['/desk.html', '案件受理台'], ['/grid-database.html', '网格数据库'], ['/report.html', '浦口随手拍'], ['/login.html', '登录'], ['/analytics.html', '分析研判']])('serves %s', async (page, title) => {
    const { html, scripts } = await pageScripts(page);
    expect(html).toContain(title);
    expect(scripts.length).toBeGreaterThan(0);
  });

  it.each(['/', '/desk.html', '/report.html'])('runs %s under its Content-Security-Policy, with no violation and no error', async (path) => {
    const { page, problems } = await watchedPage();
    try {
      const response = await page.goto(`${stack.server.url}${path}`);
      const headers = response!.headers();
      expect(headers['content-security-policy']).toContain("script-src 'self';");
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('runs the grid database under its Content-Security-Policy, every tab, with no violation and no error', async () => {
    const { page, problems } = await watchedPage();
    try {
      await page.goto(`${stack.server.url}/grid-database.html`);
      await page.waitForURL(`${stack.server.url}/login.html?next=%2Fgrid-database.html`);
      await signIn(page, 'admin', '/grid-database.html');
      await page.locator('[data-testid="record-table"][data-state="shown"]').waitFor();
      await page.getByTestId('tab-stats').click();
      await page.locator('[data-testid="stats-view"][data-state="shown"]').waitFor({ timeout: 60_000 });
      await page.getByTestId('tab-import').click();
      await page.getByTestId('recent-imports').waitFor();
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keeps deck.gl out of the citizen page (the desk has it, for labels)', async () => {
    const citizen = await pageScripts('/report.html');
    const desk = await pageScripts('/desk.html');
    const hasDeck = (scripts: string[]) => scripts.some((code) => code.includes('deck.gl') || code.includes('luma.gl'));
    expect(hasDeck(desk.scripts)).toBe(true);
    expect(hasDeck(citizen.scripts)).toBe(false);
    expect(citizen.scripts.some((code) => code.includes('maplibre'))).toBe(true);
    const login = await pageScripts('/login.html');
    expect(hasDeck(login.scripts)).toBe(false);
    expect(login.scripts.some((code) => code.includes('maplibre'))).toBe(false);
  });

  it('sends an anonymous visitor of the desk to the login page, and back after signing in', async () => {
    const page = await stack.browser.newPage();
    try {
      await page.goto(`${stack.server.url}/desk.html#case=1`);
      await page.waitForURL(`${stack.server.url}/login.html?next=%2Fdesk.html%23case%3D1`);
      await submitLogin(page, 'analyst');
      await page.waitForURL(`${stack.server.url}/desk.html#case=1`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      expect(await page.getByTestId('user-menu').getAttribute('data-username')).toBe('analyst');
    } finally {
      await page.close();
    }
  });

  it('goes to the login page when the session ends while the desk is open', async () => {
    const context = await stack.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    try {
      const page = await context.newPage();
      await page.goto(`${stack.server.url}/desk.html`);
      await signIn(page, 'commander');
      // Signed out elsewhere (another tab): the desk's next request answers 401.
      expect((await context.request.post(`${stack.server.url}/api/v1/auth/logout`)).status()).toBe(204);
      await page.getByTestId('filter-status').selectOption('all');
      await page.waitForURL(`${stack.server.url}/login.html?next=%2Fdesk.html`);
    } finally {
      await context.close();
    }
  });

  it('says what went wrong: a wrong password, then too many of them with the wait', async () => {
    const page = await (await stack.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })).newPage();
    try {
      await page.goto(`${stack.server.url}/login.html?next=%2Fdesk.html`);
      await screenshot(page, 'login');
      const error = page.getByTestId('login-error');
      await submitLogin(page, 'dept-audit', 'not-the-password');
      await page.locator('[data-testid="login-error"][data-kind="wrong"]').waitFor();
      expect(await error.textContent()).toBe('用户名或密码错误，或账号已停用');
      expect(page.url()).toContain('/login.html');
      // The server allows five failures per username in its window; the sixth try is refused with the wait.
      for (let i = 0; i < 4; i++) {
        await submitLogin(page, 'dept-audit', 'not-the-password');
        // A refused sign-in costs a full scrypt check: about a second on a loaded machine, poll's default wait.
        await expect.poll(() => page.getByTestId('login-submit').isEnabled(), { timeout: 10_000 }).toBe(true);
      }
      await submitLogin(page, 'dept-audit');
      await page.locator('[data-testid="login-error"][data-kind="throttled"]').waitFor();
      expect(await error.textContent()).toMatch(/^登录失败次数过多，请 1[45] 分钟后再试$/);
      expect(await page.getByTestId('login-submit').isDisabled()).toBe(true);
      await screenshot(page, 'login-throttled');
      await page.getByTestId('lang-switch').click();
      expect(await error.textContent()).toMatch(/^Too many failed sign-ins: try again in 1[45] min$/);
      await page.getByTestId('lang-switch').click();
    } finally {
      await page.context().close();
    }
  });

  it('goes back only to a page of this site', async () => {
    const page = await stack.browser.newPage();
    try {
      for (const next of ['//example.com/desk.html', 'https://example.com/', '/\\example.com']) {
        await page.goto(`${stack.server.url}/login.html?next=${encodeURIComponent(next)}`);
        await submitLogin(page, 'planner');
        // Without a usable `next`, a planner starts on the network map.
        await page.waitForURL(`${stack.server.url}/`);
      }
    } finally {
      await page.close();
    }
  });

  it('tells a signed-in account that reads no cases that the desk is not for it', async () => {
    const page = await stack.browser.newPage();
    try {
      await page.goto(`${stack.server.url}/login.html?next=%2Fdesk.html`);
      await submitLogin(page, 'planner');
      await page.waitForURL(`${stack.server.url}/desk.html`);
      await page.getByTestId('desk-denied').waitFor();
      expect(await page.getByTestId('desk-denied').textContent()).toContain('网格规划员');
      await expect.poll(() => page.getAttribute('body', 'data-ready')).toBe('denied');
      await screenshot(page, 'desk-denied');
    } finally {
      await page.close();
    }
  });

  it('links the staff views both ways', async () => {
    const page = await stack.browser.newPage();
    try {
      await page.goto(`${stack.server.url}/desk.html`);
      await signIn(page, 'commander');
      await page.getByTestId('nav-map').click();
      await page.waitForURL(`${stack.server.url}/`);
      await page.getByTestId('nav-desk').click();
      await page.waitForURL(`${stack.server.url}/desk.html`);
      expect(await page.getByTestId('nav-desk').getAttribute('aria-current')).toBe('page');
      await page.getByTestId('nav-data').click();
      await page.waitForURL(`${stack.server.url}/grid-database.html#records`);
      expect(await page.getByTestId('nav-data').getAttribute('aria-current')).toBe('page');
      await page.getByTestId('nav-analytics').click();
      await page.waitForURL((url) => url.pathname === '/analytics.html');
      expect(await page.getByTestId('nav-analytics').getAttribute('aria-current')).toBe('page');
      await page.getByTestId('nav-desk').click();
      await page.waitForURL(`${stack.server.url}/desk.html`);
    } finally {
      await page.close();
    }
  });
});
