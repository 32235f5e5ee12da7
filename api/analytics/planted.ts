/**
 * For tests: the planted hotspots of the Pukou demo (seeds/pukou/incidents/hotspots.truth.json)
 * at the dates they have in the loaded database (the demo's clock moves them with its cases),
 * with their windows as instants: the start of the first Shanghai day to the end of the last.
 */
import { shanghaiTime } from '../calendar/working-calendar.ts';
import type { Queryable } from '../db/database.ts';
import { demoHotspots, type Hotspot } from '../../seeds/pukou/incidents/demo-clock.ts';
import { DAY_MS } from './filters.ts';

export interface PlantedHotspot extends Hotspot {
  start: Date;
  end: Date;
}

export async function plantedHotspots(db: Queryable): Promise<PlantedHotspot[]> {
  return (await demoHotspots(db)).map((h) => ({ ...h, start: shanghaiTime(h.from), end: new Date(shanghaiTime(h.to).getTime() + DAY_MS) }));
}
