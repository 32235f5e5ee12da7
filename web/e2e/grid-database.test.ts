/**
 * The grid database page (1440×900), against the real server and the seeded database: the admin
 * imports a GBK-encoded CSV through the import page and sees the job finish with its counts and
 * the rejected rows (line numbers and reasons, on the page and in the downloaded CSV), then finds
 * an imported record in the records browser with its point on the map; an analyst sees the same
 * record masked and may not import; a street dispatcher reads its street only; a grid worker
 * of that grid sees the record as imported; the statistics map draws the grids coloured by a
 * category and gives a grid's numbers on click.
 */
import fs from 'node:fs';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../src/api.ts';
import { interiorPoint } from '../src/map/geometry.ts';
import { signIn } from './case-steps.ts';
import { apiCall, apiToken, externalRequests, screenshot, startStack, type Stack } from './harness.ts';

let stack: Stack;
let browser: Browser;
type Grid = GridCollection['features'][number];
let grid: Grid;
const requested: string[] = [];
const pageErrors: string[] = [];

const CATEGORY = 'RP01';
/** Two good rows, then a bad coordinate (line 4) and a missing required name (line 5). */
const person = { key: 'gbk-e2e-1', name: '张三丰', phone: '13812345678' };
let csv: Buffer;
let importId = 0;

async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true })).newPage();
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Opens the page on a tab as `username`. */
async function openAs(page: Page, username: string, tab: 'import' | 'records' | 'stats'): Promise<void> {
  await page.goto(`${stack.server.url}/grid-database.html#${tab}`);
  await signIn(page, username, `/grid-database.html#${tab}`);
  await page.locator(`[data-testid="tab-${tab}"][aria-selected="true"]`).waitFor();
}

/** Filters the records down to the imported category in the test's grid. */
async function filterToGrid(page: Page): Promise<void> {
  const { streetCode, communityCode, code } = grid.properties;
  await page.getByTestId('record-filter-category').selectOption(CATEGORY);
  if (await page.getByTestId('record-filter-street').isEnabled()) await page.getByTestId('record-filter-street').selectOption(streetCode);
  if (await page.getByTestId('record-filter-community').isEnabled()) await page.getByTestId('record-filter-community').selectOption(communityCode);
  if (await page.getByTestId('record-filter-grid').isEnabled()) await page.getByTestId('record-filter-grid').selectOption(code);
  await page.locator(`[data-testid="record-row"]`).first().waitFor();
  await page.locator('[data-testid="record-table"][data-state="shown"]').waitFor();
}

/** Opens the imported record's row and waits for its detail. */
async function openRecord(page: Page): Promise<Record<string, string>> {
  const row = page.locator('[data-testid="record-row"]', { has: page.locator('[data-testid="record-key"]', { hasText: person.key }) });
  await row.click();
  await page.locator('[data-testid="record-detail"]:not([hidden])').waitFor();
  const attrs = await page.locator('[data-testid="record-detail-attrs"] dd').evaluateAll((cells) =>
    Object.fromEntries(cells.map((cell) => [(cell as HTMLElement).dataset.attr!, cell.textContent ?? ''])));
  return attrs;
}

beforeAll(async () => {
  stack = await startStack();
  browser = stack.browser;
  const grids = (await (await fetch(`${stack.server.url}/api/v1/grids`)).json()) as GridCollection;
  const urban = grids.features.filter((f) => f.properties.kind === 'urban').sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  grid = urban[60];
  const [lon, lat] = interiorPoint(grid.geometry).position;
  const rows = [
    ['编号', '姓名', '电话', '经度', '纬度', '备注'],
    [person.key, person.name, person.phone, lon, lat, '江浦街道测试'],
    ['gbk-e2e-2', '李四光', '13912345678', lon, lat, '同一网格'],
    ['gbk-e2e-3', '王五', '13700001111', '东经118', lat, '坐标错误'],
    ['gbk-e2e-4', '', '13600001111', lon, lat, '缺少姓名'],
  ];
  csv = iconv.encode(`${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'gbk');
});

afterAll(() => stack?.close());

describe('the admin', () => {
  let page: Page;

  beforeAll(async () => {
    page = await newPage();
  });

  it('imports a GBK-encoded CSV and sees the job finish with its counts and rejections', async () => {
    await openAs(page, 'admin', 'import');
    // The file is GBK: its bytes are not UTF-8.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(csv)).toThrow();
    await page.getByTestId('import-file').setInputFiles({ name: '常住人口.csv', mimeType: 'text/csv', buffer: csv });
    await page.getByTestId('import-encoding').selectOption('gbk');
    await page.getByTestId('import-category').selectOption(CATEGORY);
    await page.getByTestId('import-srid').selectOption('4326');
    await page.getByTestId('import-map-required').fill('姓名');
    await page.getByTestId('import-submit').click();

    const job = page.locator('[data-testid="import-job"][data-status="done"]');
    await job.waitFor({ timeout: 60_000 });
    importId = Number(await job.getAttribute('data-import-id'));
    const count = async (key: string) => Number((await page.getByTestId(`import-count-${key}`).textContent())!.replace(/,/g, ''));
    expect({
      read: await count('read'), inserted: await count('inserted'), updated: await count('updated'),
      unchanged: await count('unchanged'), rejected: await count('rejected'), outsideGrid: await count('outsideGrid'),
    }).toEqual({ read: 4, inserted: 2, updated: 0, unchanged: 0, rejected: 2, outsideGrid: 0 });
    expect(await page.getByTestId('import-progress-text').textContent()).toContain('4 行');

    // The page lists what the API says, line by line.
    const token = await apiToken(stack.server.url, 'admin');
    const answer = await apiCall(stack.server.url, token, 'GET', `/api/v1/imports/${importId}`);
    expect(answer.body).toMatchObject({ status: 'done', encoding: 'gbk', category: CATEGORY, mapping: { required: ['姓名'] } });
    const shown = await page.getByTestId('rejection').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(shown.map(([line]) => Number(line))).toEqual([4, 5]);
    expect(shown).toEqual(answer.body.rejections.first.map((r: { line: number; reason: string; raw: string }) => [String(r.line), r.reason, r.raw]));
    expect(shown[0][1]).toMatch(/经度 is not a number/);
    expect(shown[1][1]).toBe('required field "姓名" is missing');
    // The rows as sent, decoded from GBK (the admin sent them: unmasked).
    expect(shown[0][2]).toContain('王五');
    await screenshot(page, 'grid-database-import');

    // The whole report, downloaded as CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-rejections-csv').click()]);
    const report = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(report[0]).toBe('line,reason,raw');
    expect(report.slice(1).map((line) => line.split(',')[0])).toEqual(['4', '5']);
    expect(report[2]).toContain('required field ""姓名"" is missing');

    // The job heads the recent imports.
    await expect.poll(() => page.getByTestId('recent-import').first().getAttribute('data-import-id')).toBe(String(importId));
  });

  it('finds an imported record in the records browser, with its point on the map', async () => {
    await page.getByTestId('tab-records').click();
    await page.locator('[data-testid="record-table"][data-state="shown"]').waitFor();
    await filterToGrid(page);
    const attrs = await openRecord(page);
    // Administrators read records masked (only a grid worker sees its residents' names).
    expect(attrs['姓名']).not.toBe(person.name);
    expect(attrs['姓名'].startsWith(person.name[0])).toBe(true);
    expect(attrs['电话']).not.toContain(person.phone);
    expect(attrs['备注']).toBe('江浦街道测试');
    expect(await page.getByTestId('record-detail-place').textContent()).toContain(grid.properties.name);
    await expect.poll(() => page.evaluate(() => {
      const map = window.lianqinGridDatabase.recordMap!;
      return map.queryRenderedFeatures({ layers: ['record-point'] }).length;
    })).toBe(1);
    // The export links carry the filter.
    const csvHref = await page.getByTestId('export-csv').getAttribute('href');
    expect(csvHref).toBe(`/api/v1/entities?category=${CATEGORY}&grid=${grid.properties.code}&format=csv`);
    const exported = await page.evaluate(async (href) => (await fetch(href)).text(), csvHref!);
    expect(exported).toContain(person.key);
    await screenshot(page, 'grid-database-records');
  });

  it('sees the grids coloured by a category on the statistics map, and a grid\'s numbers', async () => {
    await page.getByTestId('tab-stats').click();
    await page.getByTestId('stats-area').selectOption(grid.properties.streetCode);
    await page.getByTestId('stats-category').selectOption(CATEGORY);
    await page.locator('[data-testid="stats-view"][data-state="shown"]').waitFor({ timeout: 60_000 });
    const grids = await page.evaluate(() => {
      const map = window.lianqinGridDatabase.statsMap!;
      return map.queryRenderedFeatures({ layers: ['grid-count-fill'] }).map((f) => f.properties.code as string);
    });
    expect(grids.length).toBeGreaterThan(0);
    expect(grids.every((code) => code.startsWith(grid.properties.streetCode))).toBe(true);
    expect(await page.getByTestId('stats-legend-class').count()).toBeGreaterThan(1);

    // A click on the test's grid gives its numbers, as the API counts them.
    const [lon, lat] = interiorPoint(grid.geometry).position;
    const point = await page.evaluate(([lon, lat]) => {
      const map = window.lianqinGridDatabase.statsMap!;
      const { x, y } = map.project([lon, lat]);
      const box = map.getCanvas().getBoundingClientRect();
      return { x: box.left + x, y: box.top + y };
    }, [lon, lat]);
    await page.mouse.click(point.x, point.y);
    await page.locator(`[data-testid="stats-grid-info"][data-grid="${grid.properties.code}"]`).waitFor();
    const stats = await apiCall(stack.server.url, await apiToken(stack.server.url, 'admin'), 'GET', `/api/v1/stats?level=grid&code=${grid.properties.code}`);
    const expected = stats.body.entities.byCategory.find((c: { code: string }) => c.code === CATEGORY).count;
    expect(Number((await page.getByTestId('stats-grid-count').textContent())!.replace(/,/g, ''))).toBe(expected);
    expect(Number((await page.getByTestId('stats-grid-total').textContent())!.replace(/,/g, ''))).toBe(stats.body.entities.total);
    await screenshot(page, 'grid-database-stats');
  });
});

describe('an analyst', () => {
  it('reads the imported record masked and may not import', async () => {
    const page = await newPage();
    await openAs(page, 'analyst', 'records');
    await filterToGrid(page);
    const attrs = await openRecord(page);
    expect(attrs['姓名']).not.toBe(person.name);
    expect(attrs['电话']).not.toContain(person.phone);
    expect(attrs['电话']).toMatch(/^138\*+5678$/);
    // Every row of the page as the API gives it to the analyst: masked.
    const cells = await page.getByTestId('record-attrs').allTextContents();
    expect(cells.some((text) => text.includes(person.name) || text.includes(person.phone))).toBe(false);
    await screenshot(page, 'grid-database-analyst');

    await page.getByTestId('tab-import').click();
    await page.getByTestId('tab-denied').waitFor();
    expect(await page.getByTestId('tab-denied').textContent()).toContain('数据分析员');
    expect(await page.getByTestId('import-form').count()).toBe(0);
    await page.context().close();
  });
});

describe('a street dispatcher', () => {
  it('reads the records and the statistics of its street only, in either language', async () => {
    const street = grid.properties.streetCode;
    const page = await newPage();
    await openAs(page, `dispatcher-${street}`, 'records');
    expect(await page.getByTestId('record-filter-street').inputValue()).toBe(street);
    expect(await page.getByTestId('record-filter-street').isDisabled()).toBe(true);
    await filterToGrid(page);
    expect(await page.getByTestId('record-key').allTextContents()).toContain(person.key);

    await page.getByTestId('tab-stats').click();
    await page.locator('[data-testid="stats-view"][data-state="shown"]').waitFor({ timeout: 60_000 });
    const codes = await page.evaluate(() =>
      window.lianqinGridDatabase.statsMap!.queryRenderedFeatures({ layers: ['grid-count-fill'] }).map((f) => f.properties.code as string));
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code) => code.startsWith(street))).toBe(true);

    await page.getByTestId('tab-import').click();
    expect(await page.getByTestId('tab-denied').textContent()).toContain('街道分中心调度员');
    await page.getByTestId('lang-switch').click();
    expect(await page.getByTestId('tab-import').textContent()).toBe('Import');
    expect(await page.getByTestId('tab-denied').textContent()).toContain('imports are for administrators');
    await page.getByTestId('lang-switch').click();
    await page.context().close();
  });
});

describe('the grid worker of the grid', () => {
  it('reads its resident as imported from GBK', async () => {
    const page = await newPage();
    await openAs(page, `worker-${grid.properties.code}`, 'records');
    // The grid is the worker's whole jurisdiction: fixed in the filters.
    expect(await page.getByTestId('record-filter-grid').inputValue()).toBe(grid.properties.code);
    await filterToGrid(page);
    const attrs = await openRecord(page);
    expect(attrs['姓名']).toBe(person.name);
    expect(attrs['电话']).toBe(person.phone);
    await page.context().close();
  });
});

describe('the page', () => {
  it('raised no error and requested nothing outside the server', () => {
    expect(pageErrors).toEqual([]);
    expect(externalRequests(requested, stack.server.url)).toEqual([]);
  });
});
