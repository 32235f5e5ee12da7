/** A citizen's own tickets (citizen_ticket), and the access token carried in a ticket's links. */
import type pg from 'pg';
import type { PublicTicket } from './public-view.ts';

export async function claimTicket(pool: pg.Pool, userId: number, incidentId: number): Promise<void> {
  await pool.query('INSERT INTO citizen_ticket (user_id, incident_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, incidentId]);
}

export async function ownsTicket(pool: pg.Pool, userId: number, incidentId: number): Promise<boolean> {
  return (await pool.query('SELECT 1 FROM citizen_ticket WHERE user_id = $1 AND incident_id = $2', [userId, incidentId])).rowCount === 1;
}

export async function ticketsOf(pool: pg.Pool, userId: number): Promise<{ id: number; ticket: string; createdAt: string }[]> {
  const { rows } = await pool.query<{ id: string; ticket: string; created_at: Date }>(
    `SELECT i.id, i.ticket, i.created_at FROM citizen_ticket t JOIN incident i ON i.id = t.incident_id
     WHERE t.user_id = $1 ORDER BY i.created_at DESC LIMIT 200`,
    [userId],
  );
  return rows.map((r) => ({ id: Number(r.id), ticket: r.ticket, createdAt: r.created_at.toISOString() }));
}

/** The ticket with its access token, in its own links too, so a client can follow them. */
export function withAccess(view: PublicTicket, token: string) {
  const q = `?access=${token}`;
  return {
    ...view,
    access: token,
    photos: view.photos.map((p) => ({ ...p, url: p.url + q })),
    links: Object.fromEntries(Object.entries(view.links).map(([name, url]) => [name, url + q])) as PublicTicket['links'],
  };
}
