/** The application over the seeded test database, for in-process requests (`app.request`). */
import { Hono } from 'hono';
import { readConfig } from '../config.ts';
import { createApp, type App, type AppOptions } from '../app.ts';
import type { Database } from '../db/database.ts';
import { createSession } from '../auth/sessions.ts';
import { userByUsername, userOfRow } from '../auth/users.ts';
import { testDatabase } from './database.ts';

export interface TestApp extends App {
  db: Database;
  /** The app with every request signed in as a demo account (a bearer session made directly, without the slow password hash). */
  as(username: string): Hono;
  /** A session token of a demo account. */
  token(username: string): Promise<string>;
  /** GET a path (as an account, if given) and parse the JSON body. */
  getJson(path: string, as?: string): Promise<{ status: number; type: string | null; body: any }>;
}

/** The app over `db`: the run's seeded test database unless a test brings its own (closing it is the test's). */
export function testApp(options: AppOptions = {}, db: Database = testDatabase()): TestApp {
  const created = createApp({ db, config: readConfig({}) }, options);
  const tokens = new Map<string, Promise<string>>();
  const token = (username: string) => {
    if (!tokens.has(username)) {
      tokens.set(username, (async () => {
        const row = await userByUsername(db.pool, username);
        if (!row) throw new Error(`no demo account ${username}`);
        return (await createSession(db.pool, userOfRow(row), 1)).token;
      })());
    }
    return tokens.get(username)!;
  };
  const signed = new Map<string, Hono>();
  const as = (username: string) => {
    if (!signed.has(username)) {
      signed.set(username, new Hono().all('*', async (c) => {
        const request = new Request(c.req.raw);
        request.headers.set('authorization', `Bearer ${await token(username)}`);
        return created.app.fetch(request, c.env);
      }));
    }
    return signed.get(username)!;
  };
  return {
    ...created,
    db,
    as,
    token,
    async getJson(path, username) {
      const response = await (username ? as(username) : created.app).request(path);
      return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
    },
  };
}
