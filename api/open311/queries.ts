/**
 * What a request shows besides the case summary, for a whole page of cases in one statement:
 * the status note and the report's own note (which keeps a submitted
 * media_url). The incidents domain reads these per case; a page of 1,000 needs them at once.
 */
import type pg from 'pg';

/** Notes a citizen may read (as on the public ticket page), staff-internal ones are not. */
export const PUBLIC_NOTE_ACTIONS = ['void', 'feedback', 'close', 'evaluate'];

export interface RequestExtras {
  /** The latest public note since the case was last (re)opened. */
  statusNote: string | null;
  reportNote: string | null;
}

const EXTRAS_SQL = `
SELECT c.id,
  (SELECT e.note FROM incident_event e
   WHERE e.incident_id = c.id AND e.note IS NOT NULL AND e.action = ANY($2::text[])
     AND e.seq > coalesce((SELECT max(r.seq) FROM incident_event r WHERE r.incident_id = c.id AND r.action = 'reopen'), 0)
   ORDER BY e.seq DESC LIMIT 1) AS status_note,
  (SELECT e.note FROM incident_event e WHERE e.incident_id = c.id AND e.seq = 1) AS report_note
FROM unnest($1::bigint[]) AS c(id)`;

export async function selectRequestExtras(pool: pg.Pool, ids: number[]): Promise<Map<number, RequestExtras>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool.query(EXTRAS_SQL, [ids, PUBLIC_NOTE_ACTIONS]);
  return new Map(
    rows.map((r) => [Number(r.id), { statusNote: r.status_note, reportNote: r.report_note }]),
  );
}
