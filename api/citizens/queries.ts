/** SQL of the citizen side: the message thread of a case (idempotent posting) and the news. */
import type pg from 'pg';
import type { Queryable } from '../db/database.ts';
import type { IdempotencyGuard } from '../incidents/queries.ts';

export interface MessageRow {
  id: number;
  author: 'citizen' | 'centre';
  authorName: string | null;
  body: string;
  createdAt: string;
}

/** A message as read, its time still a Date. */
type StoredMessage = Omit<MessageRow, 'createdAt'> & { createdAt: Date };

const MESSAGE_COLUMNS = `id::float8 AS id, author, author_name AS "authorName", body, created_at AS "createdAt"`;

export async function selectMessages(pool: Queryable, incidentId: number): Promise<MessageRow[]> {
  const { rows } = await pool.query<StoredMessage>(`SELECT ${MESSAGE_COLUMNS} FROM citizen_message WHERE incident_id = $1 ORDER BY id`, [incidentId]);
  return rows.map(iso);
}

/**
 * Adds a message; with an Idempotency-Key the key is claimed first (as for a new case), so a
 * retry adds nothing and gets null here (the caller answers the stored first message).
 */
export async function insertMessage(
  pool: pg.Pool,
  incidentId: number,
  message: { author: 'citizen' | 'centre'; authorName: string | null; body: string },
  guard: IdempotencyGuard | null,
): Promise<MessageRow | null> {
  const { rows } = await pool.query<StoredMessage>(
    `WITH n AS (SELECT nextval('citizen_message_id_seq') AS id),
     claimed AS (
       INSERT INTO idempotency_key (scope, key, request_hash, snapshot)
       SELECT $6, $5, $7, jsonb_build_object('id', n.id, 'author', $2::text, 'authorName', $3::text, 'body', $4::text, 'createdAt', now())
       FROM n WHERE $5::text IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING 1
     )
     INSERT INTO citizen_message (id, incident_id, author, author_name, body, created_at)
     SELECT n.id, $1, $2, $3, $4, now() FROM n WHERE $5::text IS NULL OR EXISTS (SELECT 1 FROM claimed)
     RETURNING ${MESSAGE_COLUMNS}`,
    [incidentId, message.author, message.authorName, message.body, guard?.key ?? null, guard?.scope ?? null, guard?.hash ?? null],
  );
  return rows[0] ? iso(rows[0]) : null;
}

function iso(row: StoredMessage): MessageRow {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

export async function selectNews(pool: pg.Pool, limit: number) {
  const { rows } = await pool.query(
    `SELECT id, title, summary, body, published_at AS "publishedAt" FROM news ORDER BY published_at DESC, id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() }));
}
