/**
 * The embedded session lent to one connection at a time (embedded-session.ts), on a bare PGlite
 * (no PostGIS, no seed: it starts in seconds): statements of concurrent connections do not mix,
 * a transaction keeps the session until it ends, a closed connection's transaction is rolled back.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionSocketServer } from './embedded-session.ts';

let db: PGlite;
let server: SessionSocketServer;
let url: string;
const clients: pg.Client[] = [];

async function connected(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // a client the test destroys
  await client.connect();
  clients.push(client);
  return client;
}

const settled = async (promise: Promise<unknown>, ms = 300) =>
  Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

beforeAll(async () => {
  db = await PGlite.create();
  server = new SessionSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
  await server.start();
  url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  await db.exec('CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await server?.stop();
  await db?.close();
});

describe('the embedded session', () => {
  it('answers each of many concurrent statements with its own rows, also when they queued behind a transaction', async () => {
    // Statements waiting while another connection's transaction holds the session are served
    // together when it ends: that is when pglite-socket's own queue mixed their messages.
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    await Promise.all(Array.from({ length: 4 }, () => pool.query('SELECT 1'))); // four connections open
    const holder = await connected();
    await holder.query('BEGIN');
    const pending = Promise.all(Array.from({ length: 200 }, async (_, i) => {
      if (i % 9 === 0) return pool.query('SELECT $1::int / 0 AS x', [i]).then(() => 'no error', (error: Error) => error.message);
      const { rows } = i % 2
        ? await pool.query('SELECT $1::int AS n, $2::text AS s', [i, `s${i}`])
        : await pool.query('SELECT $1::int AS n, $1::int::text || $2::text || $3::text AS s FROM generate_series(1, 2)', [i, '/', 'x']);
      const expected = i % 2 ? [{ n: i, s: `s${i}` }] : [{ n: i, s: `${i}/x` }, { n: i, s: `${i}/x` }];
      return JSON.stringify(rows) === JSON.stringify(expected) ? 'own rows' : `wrong rows: ${JSON.stringify(rows)}`;
    }).map((answer) => answer.catch((error: Error) => `failed: ${error.message}`)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await holder.query('COMMIT');
    const answers = await pending;
    expect(answers.filter((a, i) => a !== (i % 9 === 0 ? 'division by zero' : 'own rows'))).toEqual([]);
    expect({ total: pool.totalCount, idle: pool.idleCount }).toEqual({ total: pool.totalCount, idle: pool.totalCount });
    await pool.end();
  });

  it('keeps a failed statement from ending the next one on the same connection early', async () => {
    const client = await connected();
    await expect(client.query('SELECT nosuch')).rejects.toThrow('column "nosuch" does not exist');
    expect((await client.query('SELECT $1::int AS x', [2])).rows).toEqual([{ x: 2 }]);
    await expect(client.query('SELECT $1::int / 0', [1])).rejects.toThrow('division by zero');
    expect((await client.query('SELECT 3 AS x')).rows).toEqual([{ x: 3 }]);
  });

  it('keeps the session for an open transaction: others wait for its COMMIT and then see it whole', async () => {
    const [a, b] = [await connected(), await connected()];
    await a.query('BEGIN');
    await a.query('INSERT INTO note VALUES (1, $1)', ['one']);
    const read = b.query('SELECT count(*)::int AS n FROM note');
    expect(await settled(read)).toBe(false);
    await a.query('INSERT INTO note VALUES (2, $1)', ['two']);
    await a.query('COMMIT');
    expect((await read).rows).toEqual([{ n: 2 }]);
  });

  it('rolls back the transaction of a connection that closes, and passes the session on', async () => {
    const [a, b] = [await connected(), await connected()];
    await a.query('BEGIN');
    await a.query('INSERT INTO note VALUES (3, $1)', ['lost']);
    const read = b.query('SELECT count(*)::int AS n FROM note WHERE id = 3');
    expect(await settled(read)).toBe(false);
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await read).rows).toEqual([{ n: 0 }]);
    expect((await b.query('SELECT count(*)::int AS n FROM note')).rows).toEqual([{ n: 2 }]);
  });
});
