/**
 * The three pages as the API server serves them from the built dist: each loads under its
 * Content-Security-Policy with no violation, the staff pages link to each other, and the citizen
 * page's scripts carry no deck.gl (phones load less).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './harness.ts';

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

describe('pages served from web/dist', () => {
  it.each([['/', '浦口区网格化社会治理'], ['/desk.html', '案件受理台'], ['/report.html', '浦口随手拍']])('serves %s', async (page, title) => {
    const { html, scripts } = await pageScripts(page);
    expect(html).toContain(title);
    expect(scripts.length).toBeGreaterThan(0);
  });

  it.each(['/', '/desk.html', '/report.html'])('runs %s under its Content-Security-Policy, with no violation and no error', async (path) => {
    const page = await stack.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)),
    );
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

  it('keeps deck.gl out of the citizen page (the desk has it, for labels)', async () => {
    const citizen = await pageScripts('/report.html');
    const desk = await pageScripts('/desk.html');
    const hasDeck = (scripts: string[]) => scripts.some((code) => code.includes('deck.gl') || code.includes('luma.gl'));
    expect(hasDeck(desk.scripts)).toBe(true);
    expect(hasDeck(citizen.scripts)).toBe(false);
    expect(citizen.scripts.some((code) => code.includes('maplibre'))).toBe(true);
  });

  it('links the staff views both ways', async () => {
    const page = await stack.browser.newPage();
    try {
      await page.goto(`${stack.server.url}/desk.html`);
      await page.getByTestId('nav-map').click();
      await page.waitForURL(`${stack.server.url}/`);
      await page.getByTestId('nav-desk').click();
      await page.waitForURL(`${stack.server.url}/desk.html`);
      expect(await page.getByTestId('nav-desk').getAttribute('aria-current')).toBe('page');
    } finally {
      await page.close();
    }
  });
});
