/**
 * The demo's clock. The year of demo cases ends when the demo is loaded (the start of that
 * hour), and the start-up moves it forward by whole weeks later on (shift.ts). The planted
 * hotspots of hotspots.truth.json keep their dates relative to the file's referenceDate: a
 * demo ending N days after it has every hotspot window N days later, same place, same length.
 */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { shanghaiDate } from '../../../api/calendar/working-calendar.ts';

export const HOTSPOTS_FILE = path.resolve(import.meta.dirname, 'hotspots.truth.json');
const DAY = 86_400_000;

export interface Hotspot {
  id: string;
  categoryCode: string;
  center: [number, number];
  radiusM: number;
  /** Asia/Shanghai dates, inclusive. */
  from: string;
  to: string;
  extraCasesPerDay: number;
  hours: 'daytime' | 'evening';
}

const truth = JSON.parse(fs.readFileSync(HOTSPOTS_FILE, 'utf8')) as { referenceDate: string; hotspots: Hotspot[] };

/** The end the truth file's dates are written against (2026-11-01 00:00 Shanghai). */
export const REFERENCE_DATE = new Date(truth.referenceDate);

/** The hotspots as the truth file writes them (dates relative to REFERENCE_DATE). */
export const readHotspots = (): Hotspot[] => structuredClone(truth.hotspots);

/** Adds whole days to a YYYY-MM-DD date. */
export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Whole Shanghai calendar days from the reference date's day to the end's day. */
export function daysAfterReference(end: Date): number {
  return Math.round((Date.parse(`${shanghaiDate(end)}T00:00:00Z`) - Date.parse(`${shanghaiDate(REFERENCE_DATE)}T00:00:00Z`)) / DAY);
}

/** The hotspots with their windows moved by whole days. */
export const shiftedHotspots = (days: number): Hotspot[] =>
  readHotspots().map((h) => ({ ...h, from: addDays(h.from, days), to: addDays(h.to, days) }));

/** Where a demo loaded now ends: the start of the current hour (a load is reproducible within the hour). */
export function demoEndFor(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
}

export interface DemoClock {
  /** Where the cases ended when loaded. */
  loadedEnd: Date;
  /** Days the start-up has moved them forward since (whole weeks). */
  shiftedDays: number;
  /** Where the demo cases end now. */
  end: Date;
  firstCaseId: number;
  lastCaseId: number;
  lastEventId: number;
  lastMessageId: number;
}

type Queryable = Pick<pg.ClientBase, 'query'>;

/** The loaded demo's clock, or null when no demo data is loaded. */
export async function demoClock(db: Queryable): Promise<DemoClock | null> {
  const { rows } = await db.query(
    `SELECT loaded_end, shifted_days, first_case_id::float8 AS first, last_case_id::float8 AS last,
            last_event_id::float8 AS event, last_message_id::float8 AS message FROM demo_clock`,
  );
  if (!rows.length) return null;
  const r = rows[0];
  return {
    loadedEnd: r.loaded_end,
    shiftedDays: r.shifted_days,
    end: new Date(r.loaded_end.getTime() + r.shifted_days * DAY),
    firstCaseId: r.first,
    lastCaseId: r.last,
    lastEventId: r.event,
    lastMessageId: r.message,
  };
}

/** The planted hotspots with the dates they have in a loaded database (for tests and analytics checks). */
export async function demoHotspots(db: Queryable): Promise<Hotspot[]> {
  const clock = await demoClock(db);
  if (!clock) throw new Error('no demo data loaded (demo_clock is empty)');
  return shiftedHotspots(daysAfterReference(clock.loadedEnd) + clock.shiftedDays);
}
