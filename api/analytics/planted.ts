/**
 * For tests: the planted hotspots of the Pukou demo (seeds/pukou/incidents/hotspots.truth.json)
 * at the dates of the loaded database. The truth file dates them for a year of cases ending at
 * its referenceDate; a demo whose cases end later moved them by whole days with the cases, so
 * the shift is the day after the latest demo case minus the reference date.
 */
import { shanghaiDate, shanghaiTime } from '../calendar/working-calendar.ts';
import type { Queryable } from '../db/database.ts';
import { readHotspots, REFERENCE_DATE, type Hotspot } from '../../seeds/pukou/incidents/generate.ts';
import { DAY_MS } from './filters.ts';

export interface PlantedHotspot extends Hotspot {
  /** The first instant of its first day and the end of its last day, in the loaded database. */
  start: Date;
  end: Date;
}

export async function plantedHotspots(db: Queryable): Promise<PlantedHotspot[]> {
  const { rows } = await db.query<{ last: Date }>('SELECT max(created_at) AS last FROM incident');
  const end = shanghaiTime(shanghaiDate(rows[0].last)).getTime() + DAY_MS;
  const shift = Math.round((end - REFERENCE_DATE.getTime()) / DAY_MS) * DAY_MS;
  return readHotspots().map((h) => ({
    ...h,
    start: new Date(shanghaiTime(h.from).getTime() + shift),
    end: new Date(shanghaiTime(h.to).getTime() + DAY_MS + shift),
  }));
}
