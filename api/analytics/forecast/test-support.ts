/**
 * Dates of the demo data for the forecast tests, read from the data itself: the demo's cases end
 * at its reference date, or (once the demo follows the load day) at another midnight, with the
 * planted hotspots moved by the same whole days.
 */
import type pg from 'pg';
import { shanghaiDate, shanghaiTime } from '../../calendar/working-calendar.ts';
import { readHotspots, type Hotspot } from '../../../seeds/pukou/incidents/generate.ts';
import truth from '../../../seeds/pukou/incidents/hotspots.truth.json' with { type: 'json' };
import { DAY_MS } from '../filters.ts';

/** The Shanghai midnight after the latest case: where the demo's year of cases ends. */
export async function demoEnd(pool: pg.Pool): Promise<Date> {
  const { rows } = await pool.query<{ last: Date }>('SELECT max(created_at) AS last FROM incident');
  return new Date(shanghaiTime(`${shanghaiDate(rows[0].last)} 00:00`).getTime() + DAY_MS);
}

export interface PlantedHotspot extends Hotspot {
  /** The window as instants: [start, end) in the data's dates. */
  start: Date;
  end: Date;
}

/** The truth file's hotspots, moved by the whole days between its reference date and the data's end. */
export async function plantedHotspots(pool: pg.Pool): Promise<PlantedHotspot[]> {
  const shift = Math.round(((await demoEnd(pool)).getTime() - new Date(truth.referenceDate).getTime()) / DAY_MS) * DAY_MS;
  return readHotspots().map((h) => ({
    ...h,
    start: new Date(shanghaiTime(`${h.from} 00:00`).getTime() + shift),
    end: new Date(shanghaiTime(`${h.to} 00:00`).getTime() + DAY_MS + shift),
  }));
}
