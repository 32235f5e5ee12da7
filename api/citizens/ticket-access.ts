/**
 * The access token of a public ticket: HMAC-SHA256 of the case id under the database's own
 * secret (server_secret 'ticket'), 128 bits in base64url. It goes to the reporter in the link
 * or QR code of the ticket; the short ticket number is for reading out on the phone and opens
 * nothing by itself. Derived, not stored: a retried report answers the same token, and a
 * database reader without the secret cannot compute one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';

const TOKEN_BYTES = 16;

export class TicketAccess {
  private secret: Promise<Buffer> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  private key(): Promise<Buffer> {
    this.secret ??= this.pool
      .query<{ value: Buffer }>(`SELECT value FROM server_secret WHERE name = 'ticket'`)
      .then(({ rows }) => {
        if (!rows[0]) throw new Error('server_secret has no ticket secret (migration 008)');
        return rows[0].value;
      })
      .catch((error) => {
        this.secret = undefined;
        throw error;
      });
    return this.secret;
  }

  async token(incidentId: number): Promise<string> {
    return createHmac('sha256', await this.key()).update(`ticket:${incidentId}`).digest().subarray(0, TOKEN_BYTES).toString('base64url');
  }

  /** Whether `given` is the token of the case (compared in constant time). */
  async verify(incidentId: number, given: string | undefined): Promise<boolean> {
    if (!given) return false;
    const expected = Buffer.from(await this.token(incidentId), 'base64url');
    const actual = Buffer.from(given, 'base64url');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}
