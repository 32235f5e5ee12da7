/**
 * Case tiles on the network map in a real browser: a street dispatcher's map draws its street's
 * cases from the vector tile source (/tiles/incidents), and nothing of another street; nobody
 * signed in gets no case layer at all.
 */
import { type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from './case-steps.ts';
import { screenshot, startStack, type Stack } from './harness.ts';

describe('case tiles on the network map', () => {
  let stack: Stack;
  let page: Page;
  let street = '';
  let center: [number, number] = [0, 0];
  const tileRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    // The busiest spot of the busiest street: its cases and, nearby, another street's.
    const { rows } = await stack.db.pool.query(`SELECT street_code, avg(ST_X(geom)) AS lon, avg(ST_Y(geom)) AS lat FROM incident WHERE geom IS NOT NULL
      GROUP BY street_code, round(ST_X(geom)::numeric, 2), round(ST_Y(geom)::numeric, 2) ORDER BY count(*) DESC LIMIT 1`);
    street = rows[0].street_code;
    center = [Number(rows[0].lon), Number(rows[0].lat)];
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('request', (request) => { if (request.url().includes('/tiles/')) tileRequests.push(request.url()); });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(stack.server.url);
    await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('has no case layer for nobody signed in', async () => {
    expect(await page.evaluate(() => Boolean(window.lianqin.map!.getSource('case-tiles')))).toBe(false);
    expect(tileRequests).toEqual([]);
  });

  it("draws a street dispatcher's cases from the tiles, none of another street", async () => {
    await signIn(page, `dispatcher-${street}`, '/');
    await page.evaluate(async (c) => {
      const map = window.lianqin.map!;
      const idle = new Promise<void>((resolve) => map.once('idle', () => resolve()));
      map.jumpTo({ center: c, zoom: 14 });
      await idle;
    }, center);
    await expect.poll(() => page.evaluate(() => window.lianqin.map!.queryRenderedFeatures({ layers: [window.lianqin.layers.caseTiles] }).length), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const drawn = await page.evaluate(() => window.lianqin.map!.queryRenderedFeatures({ layers: [window.lianqin.layers.caseTiles] })
      .map((f) => ({ id: Number(f.id), status: f.properties.status as string, source: f.source, layer: f.sourceLayer })));
    expect(new Set(drawn.map((f) => `${f.source}/${f.layer}`))).toEqual(new Set(['case-tiles/incidents']));
    expect(tileRequests.some((url) => /\/tiles\/incidents\/14\/\d+\/\d+\.mvt$/.test(url))).toBe(true);

    const ids = [...new Set(drawn.map((f) => f.id))];
    const { rows } = await stack.db.pool.query(`SELECT id::int AS id, street_code, status FROM incident WHERE id = ANY($1)`, [ids]);
    expect(rows.length).toBe(ids.length);
    expect(new Set(rows.map((r) => r.street_code))).toEqual(new Set([street]));
    const status = new Map(rows.map((r) => [r.id, r.status]));
    for (const f of drawn) expect(f.status).toBe(status.get(f.id));
    // The source holds as many features as the tiles of the view: the street's cases there, by SQL.
    const sourceCount = await page.evaluate(() => new Set(window.lianqin.map!.querySourceFeatures('case-tiles', { sourceLayer: 'incidents' }).map((f) => f.id)).size);
    expect(sourceCount).toBeGreaterThanOrEqual(ids.length);
    await screenshot(page, 'case-tiles');
    expect(pageErrors).toEqual([]);
  });
});
