/**
 * The analyst view in a real browser (Debian chromium through playwright-core, SwiftShader
 * WebGL) against the real API server and the seeded test database: the hexagons are drawn in the
 * colours of the fixed scale (counted on a screenshot), the hotspot legend, the view kept in the
 * URL and restored from it, and the CSV export.
 */
import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLORS } from '../src/map/theme.ts';
import { countScale, COUNT_COLORS, rgba } from '../src/views/analytics/scales.ts';
import { signIn } from './case-steps.ts';
import { apiCall, apiToken, externalRequests, screenshot, SCREENSHOTS, startStack, type Stack } from './harness.ts';

/** Waits until the map says it has drawn a view of `mode` (with cells, or an error), and returns what it drew. */
async function drawn(page: Page, mode: string): Promise<string> {
  const map = page.getByTestId('analytics-map');
  await expect.poll(async () => (await map.getAttribute('data-drawn')) ?? '', { timeout: 60_000 }).toMatch(new RegExp(`^${mode}:`));
  return (await map.getAttribute('data-drawn'))!;
}

/**
 * The map's screenshot decoded by the page itself (a canvas reads the PNG), and the number of
 * its pixels within `tolerance` of each colour.
 */
async function pixelsNear(page: Page, png: Buffer, colors: number[][], tolerance: number): Promise<number[]> {
  return page.evaluate(async ({ base64, colors, tolerance }) => {
    // From bytes, not a data: URL, which the page's content security policy does not let fetch read.
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    const counts = colors.map(() => 0);
    for (let i = 0; i < data.length; i += 4) {
      colors.forEach((c, k) => {
        if (Math.abs(data[i] - c[0]) <= tolerance && Math.abs(data[i + 1] - c[1]) <= tolerance && Math.abs(data[i + 2] - c[2]) <= tolerance) counts[k]++;
      });
    }
    return counts;
  }, { base64: png.toString('base64'), colors, tolerance });
}

/** A colour drawn at `alpha` over the map's background, as it shows on screen. */
function over(background: string, color: string, alpha: number): number[] {
  const [br, bg, bb] = rgba(background);
  const [r, g, b] = rgba(color);
  const a = alpha / 255;
  return [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a)].map(Math.round);
}

describe('analyst view in the browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    ({ browser } = stack);
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, locale: 'zh-CN', acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // CSP violations only: a console error can also be a request the view handles itself.
    page.on('console', (message) => {
      if (message.text().startsWith('CSP violation')) pageErrors.push(message.text());
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)),
    );
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('draws the latest week\'s cases as hexagons in the colours of the fixed scale', async () => {
    await page.goto(`${stack.server.url}/analytics.html`);
    await signIn(page, 'analyst', '/analytics.html');
    const what = await drawn(page, 'counts');
    const cells = await page.evaluate(() => window.lianqinAnalytics.cells.length);
    expect(what).toMatch(/^counts:9:\d{4}-\d{2}-\d{2}:\d+$/);
    expect(cells).toBeGreaterThan(20);
    const png = await page.getByTestId('analytics-map').screenshot({ path: `${SCREENSHOTS}/analytics-counts.png` });
    // The hexagons are drawn at alpha 210 over the map's background.
    const expected = COUNT_COLORS.map((c) => over(COLORS.background, c, 210));
    const found = await pixelsNear(page, png, expected, 10);
    const total = found.reduce((a, b) => a + b, 0);
    expect(total, `pixels per class ${found.join(', ')}`).toBeGreaterThan(1500);
    // Several classes are on screen, not one flat colour.
    expect(found.filter((n) => n > 50).length).toBeGreaterThanOrEqual(2);
    // The legend shows that same scale.
    const legendColors = await page.getByTestId('analytics-legend').locator('rect[data-color]').evaluateAll((rects) => rects.map((r) => r.getAttribute('data-color')));
    expect(legendColors).toEqual(countScale(9).legend().map((e) => e.color));
    await expect.poll(() => page.getByTestId('chart-on-time').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('chart-weekly').locator('rect').count()).toBeGreaterThan(52);
    await screenshot(page, 'analytics-page');
    // The time bar leaves the map's own controls (zoom, scale, attribution) uncovered.
    const overlaps = await page.evaluate(() => {
      const bar = document.querySelector('.analytics-bottom')!.getBoundingClientRect();
      return [...document.querySelectorAll('.maplibregl-ctrl-bottom-right > *')].map((control) => {
        const c = control.getBoundingClientRect();
        return c.left < bar.right && bar.left < c.right && c.top < bar.bottom && bar.top < c.bottom ? control.className : null;
      }).filter(Boolean);
    });
    expect(overlaps).toEqual([]);
    expect(externalRequests(requested, stack.server.url)).toEqual([]);
  });

  it('switches to hotspots with the 7-class legend of confidence bins', async () => {
    await page.getByTestId('mode-hotspots').click();
    // Every cell of the district is listed, with or without cases.
    expect(await drawn(page, 'hotspots')).toMatch(/:\d+$/);
    expect(await page.evaluate(() => window.lianqinAnalytics.cells.length)).toBeGreaterThan(1000);
    await screenshot(page, 'analytics-hotspots');
    expect(new URL(page.url()).searchParams.get('mode')).toBe('hotspots');
    const legend = page.getByTestId('analytics-legend');
    expect(await legend.locator('h2').textContent()).toContain('热点分析');
    expect(await legend.getByTestId('legend-entry').count()).toBe(7);
    // Emerging categories (17 in the legend) and the forecast draw as well.
    await page.getByTestId('mode-emerging').click();
    expect(await drawn(page, 'emerging')).toMatch(/:\d+$/);
    expect(await legend.getByTestId('legend-entry').count()).toBe(17);
    await page.getByTestId('mode-forecast').click();
    expect(await drawn(page, 'forecast')).toMatch(/:\d+$/);
    expect(await page.evaluate(() => window.lianqinAnalytics.cells.length)).toBeGreaterThan(0);
    await page.getByTestId('mode-heat').click();
    await drawn(page, 'heat');
    await screenshot(page, 'analytics-heat');
    await page.getByTestId('mode-hotspots').click();
    await drawn(page, 'hotspots');
    const text = await legend.textContent();
    for (const label of ['热点 99% 置信', '热点 95% 置信', '热点 90% 置信', '不显著', '冷点 90% 置信', '冷点 99% 置信']) expect(text).toContain(label);
  });

  it('keeps filters, week and camera in the URL, and a reload restores them', async () => {
    await page.getByTestId('filter-source').selectOption('citizen_app');
    await page.getByTestId('filter-res').selectOption('8');
    await expect.poll(() => new URL(page.url()).searchParams.get('source')).toBe('citizen_app');
    const before = new URL(page.url()).searchParams;
    expect(before.get('res')).toBe('8');
    // One week back with the keyboard on the slider.
    const week = before.get('week');
    await page.getByTestId('week-range').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => new URL(page.url()).searchParams.get('week')).not.toBe(week);
    // Playback steps the weeks, and stops on a second press.
    const paused = new URL(page.url()).searchParams.get('week');
    await page.getByTestId('play').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('week'), { timeout: 10_000 }).not.toBe(paused);
    await page.getByTestId('play').click();
    const saved = page.url();
    const shown = await page.getByTestId('week-label').textContent();

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    await drawn(page, 'hotspots');
    const after = new URL(page.url()).searchParams;
    for (const key of ['mode', 'res', 'source', 'week', 'center', 'zoom']) expect(after.get(key), key).toBe(new URL(saved).searchParams.get(key));
    expect(await page.getByTestId('filter-source').inputValue()).toBe('citizen_app');
    expect(await page.getByTestId('filter-res').inputValue()).toBe('8');
    expect(await page.getByTestId('mode-hotspots').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('week-label').textContent()).toBe(shown);
    const center = after.get('center')!.split(',').map(Number);
    const mapCenter = await page.evaluate(() => window.lianqinAnalytics.map!.getCenter().toArray());
    expect(mapCenter[0]).toBeCloseTo(center[0], 3);
    expect(mapCenter[1]).toBeCloseTo(center[1], 3);
  });

  it('exports the cells on the map as CSV with a header row', async () => {
    await page.getByTestId('mode-counts').click();
    await drawn(page, 'counts');
    const cells = await page.evaluate(() => window.lianqinAnalytics.cells.length);
    expect(cells).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^lianqin-counts-r8-.*citizen_app\.csv$/);
    const lines = fs.readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('cell,lat,lon,count,bin,category');
    expect(lines).toHaveLength(cells + 1);
    expect(lines[1]).toMatch(/^[0-9a-f]{15},\d+\.\d+,\d+\.\d+,\d+,,$/);

    const [geojson] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-geojson').click()]);
    const collection = JSON.parse(fs.readFileSync((await geojson.path())!, 'utf8'));
    expect(collection.features).toHaveLength(cells);
    const ring = collection.features[0].geometry.coordinates[0];
    expect(ring.length).toBeGreaterThanOrEqual(6);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(collection.features[0].properties.cell).toBe(lines[1].split(',')[0]);

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const image = fs.readFileSync((await png.path())!);
    expect(image.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(image.length).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });

  it('shows a street dispatcher its own street only', async () => {
    const street = (await stack.db.pool.query(`SELECT code FROM division WHERE level = 'street' ORDER BY code LIMIT 1`)).rows[0].code as string;
    const username = `dispatcher-${street}`;
    const other = await browser.newPage({ viewport: { width: 1400, height: 860 }, locale: 'zh-CN' });
    try {
      await other.goto(`${stack.server.url}/analytics.html`);
      await signIn(other, username, '/analytics.html');
      const what = await drawn(other, 'counts');
      const week = what.split(':')[2];
      const cells = await other.evaluate(() => window.lianqinAnalytics.cells.map((c) => c.cell).sort());
      // The same cells as the API gives that account for that week (its jurisdiction by default).
      const from = new Date(`${week}T00:00:00+08:00`);
      const to = new Date(from.getTime() + 7 * 86_400_000);
      const answer = await apiCall(stack.server.url, await apiToken(stack.server.url, username), 'GET',
        `/api/v1/analytics/heatmap?res=9&from=${from.toISOString()}&to=${to.toISOString()}`);
      expect(answer.body.area).toBe(street);
      expect(cells).toEqual(answer.body.cells.map((c: { cell: string }) => c.cell).sort());
      expect(cells.length).toBeGreaterThan(0);
      // No other street to pick.
      expect(await other.getByTestId('filter-area').locator('option').count()).toBe(1);
    } finally {
      await other.close();
    }
  });
});
