/**
 * The log of unmasked personal-data reads (personal_data_access, append-only): who read what
 * and when. It holds references (a case id, an import id, a filter), never the data itself.
 */
import type pg from 'pg';
import type { User } from './principal.ts';

export type PersonalResource = 'incident.reporter' | 'entity' | 'import.rejections';

export async function recordUnmaskedRead(pool: pg.Pool, user: User, resource: PersonalResource, subject: string, records: number): Promise<void> {
  await pool.query(
    'INSERT INTO personal_data_access (user_id, username, role, resource, subject, records) VALUES ($1, $2, $3, $4, $5, $6)',
    [user.id, user.username, user.role, resource, subject.slice(0, 500), records],
  );
}

export interface AccessLogEntry {
  id: number;
  at: string;
  userId: number;
  username: string;
  role: string;
  resource: string;
  subject: string;
  records: number;
}

export async function readAccessLog(
  pool: pg.Pool,
  filter: { username?: string; resource?: string; before?: number },
  limit: number,
): Promise<AccessLogEntry[]> {
  const { rows } = await pool.query(
    `SELECT id::float8 AS id, at, user_id::float8 AS "userId", username, role, resource, subject, records
     FROM personal_data_access
     WHERE ($1::text IS NULL OR username = $1) AND ($2::text IS NULL OR resource = $2) AND ($3::bigint IS NULL OR id < $3)
     ORDER BY id DESC LIMIT $4`,
    [filter.username ?? null, filter.resource ?? null, filter.before ?? null, limit],
  );
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
