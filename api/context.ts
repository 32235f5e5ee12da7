/** What every domain's routes get: the database and the configuration. */
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';

export interface AppDeps {
  db: Database;
  config: Config;
}
