/**
 * Dates of the demo data for the forecast tests, from the loaded demo's clock (demo-clock.ts): its
 * cases end when it was loaded (moved on by whole weeks since), and the planted hotspots' windows
 * move with that end by whole days.
 */
import type pg from 'pg';
import { shanghaiTime } from '../../calendar/working-calendar.ts';
import { demoClock, demoHotspots, type Hotspot } from '../../../seeds/pukou/incidents/demo-clock.ts';
import { DAY_MS } from '../filters.ts';

/** Where the demo's cases end. */
export async function demoEnd(pool: pg.Pool): Promise<Date> {
  const clock = await demoClock(pool);
  if (!clock) throw new Error('no demo data loaded');
  return clock.end;
}

export interface PlantedHotspot extends Hotspot {
  /** The window as instants: [start, end), Shanghai midnights. */
  start: Date;
  end: Date;
}

/** The truth file's hotspots with the dates they have in the loaded demo. */
export async function plantedHotspots(pool: pg.Pool): Promise<PlantedHotspot[]> {
  return (await demoHotspots(pool)).map((h) => ({
    ...h,
    start: shanghaiTime(`${h.from} 00:00`),
    end: new Date(shanghaiTime(`${h.to} 00:00`).getTime() + DAY_MS),
  }));
}
