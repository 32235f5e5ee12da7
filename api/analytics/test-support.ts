/**
 * For the analytics tests: the loaded demo's dates, from its clock (seeds/pukou/incidents/
 * demo-clock.ts): where its cases end, and the planted hotspots of hotspots.truth.json at the
 * dates they have in this database, their windows as instants (the start of the first Shanghai
 * day to the end of the last); and the usual window of a test ending at the last case.
 */
import type pg from 'pg';
import { shanghaiTime } from '../calendar/working-calendar.ts';
import type { Queryable } from '../db/database.ts';
import { demoClock, demoHotspots, type Hotspot } from '../../seeds/pukou/incidents/demo-clock.ts';
import { DAY_MS } from './filters.ts';

/** Where the demo's cases end. */
export async function demoEnd(pool: pg.Pool): Promise<Date> {
  const clock = await demoClock(pool);
  if (!clock) throw new Error('no demo data loaded');
  return clock.end;
}

export interface PlantedHotspot extends Hotspot {
  start: Date;
  end: Date;
}

export async function plantedHotspots(db: Queryable): Promise<PlantedHotspot[]> {
  return (await demoHotspots(db)).map((h) => ({
    ...h,
    start: shanghaiTime(`${h.from} 00:00`),
    end: new Date(shanghaiTime(`${h.to} 00:00`).getTime() + DAY_MS),
  }));
}

/** `days` up to just after the last case (ISO), and the first street: what most analytics tests ask for. */
export async function lastDays(pool: pg.Pool, days: number): Promise<{ from: string; to: string; street: string }> {
  const { rows } = await pool.query(`SELECT max(created_at) AS last, (SELECT code FROM division WHERE level = 'street' ORDER BY code LIMIT 1) AS street FROM incident`);
  return {
    from: new Date(rows[0].last.getTime() - days * DAY_MS).toISOString(),
    to: new Date(rows[0].last.getTime() + 1000).toISOString(),
    street: rows[0].street,
  };
}
