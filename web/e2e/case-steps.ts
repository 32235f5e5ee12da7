/** Steps of the case workflow test on the two pages: a pin on the citizen's map, an action on the desk. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

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

/** Waits for the open case to be reloaded for a role (and department) after `change`. */
async function reloadedAfter(page: Page, change: () => Promise<unknown>): Promise<void> {
  const reloaded = page.waitForResponse((r) => /\/api\/v1\/incidents\/\d+\?role=/.test(r.url()));
  await change();
  await reloaded;
  await page.waitForSelector('[data-testid="case-panel"][data-state="shown"]');
}

/** Switches the desk's role (a department also picks which one) and waits for the case's actions for it. */
export async function actAs(page: Page, role: string, department?: string): Promise<void> {
  if ((await page.getByTestId('role-select').inputValue()) !== role) {
    await reloadedAfter(page, () => page.getByTestId('role-select').selectOption(role));
  }
  if (department && (await page.getByTestId('department-select').inputValue()) !== department) {
    await reloadedAfter(page, () => page.getByTestId('department-select').selectOption(department));
  }
}

export interface ActOptions {
  note?: string;
  assignee?: string;
  /** District dispatch: the departments to tick. */
  departments?: string[];
  /** feedback: a photo of the result. */
  photo?: Buffer;
  /** The department acting (role `department`). */
  asDepartment?: string;
}

/** Clicks an allowed action as `role`, fills what it needs, confirms, and waits for the new status. */
export async function act(page: Page, role: string, action: string, expectedStatus: string, options: ActOptions = {}): Promise<void> {
  await actAs(page, role, options.asDepartment);
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
