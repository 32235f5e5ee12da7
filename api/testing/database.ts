/** The seeded test database of this run (see global-setup.ts). */
import { inject } from 'vitest';
import { connect, type Database } from '../db/database.ts';

export function testDatabase(poolSize = 4): Database {
  return connect(inject('databaseUrl'), inject('databaseKind'), poolSize);
}
