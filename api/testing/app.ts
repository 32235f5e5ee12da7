/** The application over the seeded test database, for in-process requests (`app.request`). */
import { readConfig } from '../config.ts';
import { createApp, type App } from '../app.ts';
import type { Database } from '../db/database.ts';
import { testDatabase } from './database.ts';

export interface TestApp extends App {
  db: Database;
  /** GET a path and parse the JSON body. */
  getJson(path: string): Promise<{ status: number; type: string | null; body: any }>;
}

export function testApp(): TestApp {
  const db = testDatabase();
  const created = createApp({ db, config: readConfig({}) });
  return {
    ...created,
    db,
    async getJson(path) {
      const response = await created.app.request(path);
      return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
    },
  };
}
