/**
 * Steps of the browser tests on the case pages: signing in through the login page, a pin on the
 * citizen's map, an action on the desk as the account whose turn it is.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../api/auth/password.ts';

/** Puts the citizen map's camera on a point, without animation, and waits for it to be drawn. */
export async function centreCitizenMap(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(async ({ center, zoom }) => {
    const map = window.lianqinCitizen.map!;
    const idle = new Promise<void>((resolve) => map.once('idle', () => resolve()));
    map.jumpTo({ center, zoom });
    map.triggerRepaint();
    await idle;
  }, { center, zoom });
}

/** Where a point of the citizen map is on the page. */
export async function citizenMapPoint(page: Page, lngLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate((lngLat) => {
    const map = window.lianqinCitizen.map!;
    const { x, y } = map.project(lngLat);
    const box = map.getCanvas().getBoundingClientRect();
    return { x: box.left + x, y: box.top + y };
  }, lngLat);
}

export const timelineCount = (page: Page) => page.getByTestId('timeline-event').count();

/** The account signed in on a staff page, from its top bar (null: none shown). */
export async function signedInAs(page: Page): Promise<string | null> {
  const menu = page.getByTestId('user-menu');
  return (await menu.count()) ? menu.getAttribute('data-username') : null;
}

/** Fills the login page (already open) with a demo account and submits it. */
export async function submitLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/**
 * Signs in as a demo account through the login page and comes back to `next` (by default the
 * page the browser is on, with its `#case=…`, or where the login page was sent from), ready.
 */
export async function signIn(page: Page, username: string, next?: string): Promise<void> {
  // Let the page settle first: a desk with nobody signed in is on its way to the login page,
  // and a navigation started now would be cancelled by that one.
  await page.waitForSelector('body[data-ready]', { timeout: 60_000 });
  const here = new URL(page.url());
  const target = next ?? (here.pathname === '/login.html' ? (here.searchParams.get('next') ?? '/desk.html') : `${here.pathname}${here.search}${here.hash}`);
  await page.goto(`${here.origin}/login.html?next=${encodeURIComponent(target)}`);
  await submitLogin(page, username);
  const path = new URL(target, here.origin).pathname;
  await page.waitForURL((url) => url.pathname === path);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  await expect.poll(() => signedInAs(page)).toBe(username);
  if (/#case=\d+/.test(target)) await page.waitForSelector('[data-testid="case-panel"][data-state="shown"]');
}

/** Makes sure the desk is in `username`'s hands (signing in only when someone else is). */
export async function actAs(page: Page, username: string): Promise<void> {
  if ((await signedInAs(page)) !== username) await signIn(page, username);
}

export interface ActOptions {
  note?: string;
  assignee?: string;
  /** District dispatch: the departments to tick. */
  departments?: string[];
  /** feedback: a photo of the result. */
  photo?: Buffer;
}

/** Clicks an allowed action as `username`, fills what it needs, confirms, and waits for the new status. */
export async function act(page: Page, username: string, action: string, expectedStatus: string, options: ActOptions = {}): Promise<void> {
  await actAs(page, username);
  const events = await timelineCount(page);
  await page.getByTestId(`action-${action}`).click();
  const form = page.locator(`[data-testid="action-form"][data-action="${action}"]`);
  await form.waitFor();
  if (options.note) await form.getByTestId('action-note').fill(options.note);
  if (options.assignee) await form.getByTestId('action-assignee').fill(options.assignee);
  if (options.photo) await form.getByTestId('action-photos').setInputFiles({ name: 'result.png', mimeType: 'image/png', buffer: options.photo });
  for (const code of options.departments ?? []) await form.getByTestId(`department-${code}`).check();
  await form.getByTestId('action-submit').click();
  await page.waitForSelector(`[data-testid="case-panel"][data-status="${expectedStatus}"]`);
  await expect.poll(() => timelineCount(page)).toBe(events + 1);
  const last = page.getByTestId('timeline-event').last();
  expect(await last.getAttribute('data-action')).toBe(action);
}
