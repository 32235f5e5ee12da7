/**
 * Whether a planted hotspot is in the data where and when it should be: its category's cases
 * within its radius during its window, against the same number of days just before. The
 * tests of the generator and of the start-up's shift both ask it.
 */
import type pg from 'pg';
import { addDays, type Hotspot } from './demo-clock.ts';

type Queryable = Pick<pg.ClientBase, 'query'>;

export interface HotspotCount {
  during: number;
  before: number;
  /** Cases the truth file promises at least (60 % of the expected extra cases). */
  promised: number;
}

export async function countHotspot(db: Queryable, h: Hotspot): Promise<HotspotCount> {
  const count = async (from: string, to: string) => (await db.query(
    `SELECT count(*)::int AS n FROM incident WHERE category_code = $1
       AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, $4)
       AND created_at >= ($5::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND created_at < ($6::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
    [h.categoryCode, h.center[0], h.center[1], h.radiusM, from, to],
  )).rows[0].n as number;
  const days = (Date.parse(h.to) - Date.parse(h.from)) / 86_400_000 + 1;
  return {
    during: await count(h.from, h.to),
    before: await count(addDays(h.from, -days), addDays(h.from, -1)),
    promised: 0.6 * h.extraCasesPerDay * days,
  };
}
