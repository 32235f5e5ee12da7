/** One `pg` pool for the whole server, over the embedded PGlite or a real PostgreSQL. */
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbedded, type EmbeddedDatabase } from './embedded.ts';

export type DatabaseKind = 'embedded' | 'postgres';

/** The pool, or one client of it inside a transaction: what a read function takes. */
export type Queryable = pg.Pool | pg.PoolClient;

export interface Database {
  pool: pg.Pool;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'poolSize'>,
  log: (message: string) => void = () => {},
): Promise<Database> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({ dir: path.join(config.dataDir, 'pglite'), log });
    url = embedded.url;
  }
  return connect(url, embedded ? 'embedded' : 'postgres', config.poolSize, embedded);
}

export function connect(url: string, kind: DatabaseKind, poolSize = 10, embedded?: EmbeddedDatabase): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection must not crash the server; the pool replaces it.
  pool.on('error', (error) => console.error('database pool error:', error.message));
  return {
    pool,
    kind,
    async close() {
      await pool.end();
      await embedded?.stop();
    },
  };
}
