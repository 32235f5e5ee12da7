/**
 * The network map in a real browser (Debian chromium through playwright-core, SwiftShader WebGL)
 * against the real API server and the seeded test database: the map draws offline for anyone,
 * a click on a grid opens its panel, search finds and frames a grid, the language switch
 * sticks; a signed-in user sees who they are in the top bar and can sign out.
 */
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection, GridDetail, SearchHit } from '../src/api.ts';
import { bboxOf, interiorPoint } from '../src/map/geometry.ts';
import { signIn } from './case-steps.ts';
import { externalRequests, screenshot as saveScreenshot, startStack, type Stack } from './harness.ts';

/** Moves the camera without animation and waits until the map has drawn the new view. */
async function moveCamera(page: Page, camera: { center: [number, number]; zoom: number }): Promise<void> {
  await page.evaluate(async (camera) => {
    const map = window.lianqin.map!;
    const idle = new Promise<void>((resolve) => map.once('idle', () => resolve()));
    map.jumpTo(camera);
    map.triggerRepaint();
    await idle;
  }, camera);
}

/** Waits until the map has stopped moving (after an animated fit) and drawn everything. */
async function mapSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = window.lianqin.map!;
    return !map.isMoving() && map.loaded();
  });
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
}

async function renderedGridCount(page: Page): Promise<number> {
  return page.evaluate(() => window.lianqin.map!.queryRenderedFeatures({ layers: [window.lianqin.layers.gridFill] }).length);
}

describe('network map in the browser', () => {
  let stack: Stack;
  let server: Stack['server'];
  let browser: Browser;
  let page: Page;
  let grids: GridCollection;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  async function apiJson<T>(pathAndQuery: string): Promise<T> {
    const response = await fetch(`${server.url}${pathAndQuery}`);
    expect(response.status, pathAndQuery).toBe(200);
    return (await response.json()) as T;
  }

  async function screenshot(name: string): Promise<void> {
    await saveScreenshot(page, name);
  }

  beforeAll(async () => {
    stack = await startStack();
    ({ server, browser } = stack);
    grids = await apiJson<GridCollection>('/api/v1/grids');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('draws the whole network without fetching anything from outside', async () => {
    expect(await page.getAttribute('body', 'data-ready')).toBe('true');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(grids.features.length).toBeGreaterThan(400);
    await expect.poll(() => page.textContent('[data-testid="status"]')).toContain(`${grids.features.length} 个网格`);
    await screenshot('district');

    // Grids are drawn from zoom 12: go to one and they must be on screen.
    const { position } = interiorPoint(grids.features[0].geometry);
    await moveCamera(page, { center: position, zoom: 13 });
    expect(await renderedGridCount(page)).toBeGreaterThan(0);

    expect(externalRequests(requested, server.url)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('opens the panel of the grid clicked, with its hierarchy, staff and records', async () => {
    const grid = grids.features.find((f) => f.properties.kind === 'urban') ?? grids.features[0];
    const detail = await apiJson<GridDetail>(`/api/v1/grids/${grid.properties.code}`);
    const { position } = interiorPoint(grid.geometry);
    await moveCamera(page, { center: position, zoom: 14 });
    const point = await page.evaluate((lngLat) => {
      const map = window.lianqin.map!;
      const { x, y } = map.project(lngLat);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    }, position);

    await page.mouse.move(point.x, point.y);
    await expect.poll(() => page.textContent('.map-tooltip')).toContain(grid.properties.name);
    await page.mouse.click(point.x, point.y);

    const panel = page.getByTestId('grid-panel');
    await panel.locator('[data-testid="grid-staff"]').waitFor();
    expect(await page.getByTestId('grid-panel-title').textContent()).toBe(grid.properties.name);
    expect(await panel.textContent()).toContain(grid.properties.code);
    expect(await panel.getByTestId('crumb-street').textContent()).toContain(detail.street.name);
    expect(await panel.getByTestId('crumb-community').textContent()).toContain(detail.community.name);
    const staffText = await panel.getByTestId('grid-staff').textContent();
    expect(detail.staff.length).toBeGreaterThan(0);
    for (const person of detail.staff) expect(staffText).toContain(person.name);
    expect(staffText).toContain('网格长');
    expect(await panel.locator('[data-testid="grid-entities"] li').count()).toBe(5);
    await screenshot('grid-panel');

    // The street in the hierarchy frames the whole street: the map zooms out.
    const zoomBefore = await page.evaluate(() => window.lianqin.map!.getZoom());
    await panel.getByTestId('crumb-street').click();
    await mapSettled(page);
    expect(await page.evaluate(() => window.lianqin.map!.getZoom())).toBeLessThan(zoomBefore);
  });

  it('finds a grid by code and frames it with its panel open', async () => {
    await page.locator('.panel-close').click();
    await expect.poll(() => page.getByTestId('grid-panel').isHidden()).toBe(true);

    const grid = grids.features[Math.floor(grids.features.length / 2)];
    const { items } = await apiJson<{ items: SearchHit[] }>(`/api/v1/search?q=${grid.properties.code}`);
    expect(items.map((item) => item.code)).toContain(grid.properties.code);

    await page.getByTestId('search-input').fill(grid.properties.code);
    const option = page.locator(`[data-testid="search-option"][data-code="${grid.properties.code}"]`);
    await option.waitFor();
    await option.click();

    await expect.poll(() => page.getByTestId('grid-panel-title').textContent()).toBe(grid.properties.name);
    await mapSettled(page);
    const [minLon, minLat, maxLon, maxLat] = bboxOf(grid.geometry);
    const center = await page.evaluate(() => window.lianqin.map!.getBounds().toArray());
    // The grid's box lies within the view (fitBounds leaves room for the panel).
    expect(center[0][0]).toBeLessThanOrEqual(minLon);
    expect(center[0][1]).toBeLessThanOrEqual(minLat);
    expect(center[1][0]).toBeGreaterThanOrEqual(maxLon);
    expect(center[1][1]).toBeGreaterThanOrEqual(maxLat);
    expect(await renderedGridCount(page)).toBeGreaterThan(0);
    await screenshot('search');

    // A name search suggests matches of every level, here the grid's community by name.
    await page.getByTestId('search-input').fill(grid.properties.communityName);
    await page.locator(`[data-testid="search-option"][data-code="${grid.properties.communityCode}"]`).waitFor();
    await page.keyboard.press('Escape');
  });

  it('switches to English and remembers the choice', async () => {
    await page.getByTestId('lang-switch').click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByTestId('search-input').getAttribute('placeholder')).toMatch(/^Search/);
    expect(await page.getByTestId('grid-panel').textContent()).toContain('Grid leader');
    expect(await page.textContent('[data-testid="legend"]')).toContain('Legend');

    await page.reload();
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('[data-testid="status"]')).toContain('grids');
    // The selected grid is in the URL, so the reloaded page shows it again.
    await page.getByTestId('grid-staff').waitFor();
    await screenshot('english');

    await page.getByTestId('lang-switch').click();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.getByTestId('search-input').getAttribute('placeholder')).toContain('搜索');
    expect(pageErrors).toEqual([]);
  });

  it('shows the signed-in user in the top bar, and signs out', async () => {
    expect(await page.getByTestId('sign-in-link').getAttribute('href')).toMatch(/^\/login\.html\?next=%2F/);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const planner = await context.newPage();
    try {
      await planner.goto(server.url);
      await signIn(planner, 'planner', '/');
      expect(await planner.getByTestId('user-name').textContent()).toBe('网格规划员');
      expect(await planner.getByTestId('user-role').textContent()).toBe('网格规划员 · 浦口区');
      await saveScreenshot(planner, 'map-signed-in');
      await planner.getByTestId('sign-out').click();
      await planner.getByTestId('sign-in-link').waitFor();
      expect(await planner.getByTestId('user-menu').count()).toBe(0);
      expect(await (await context.request.get(`${server.url}/api/v1/auth/me`)).json()).toEqual({ user: null });
    } finally {
      await context.close();
    }
  });
});
