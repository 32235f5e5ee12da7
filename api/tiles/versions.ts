/**
 * The data generation of each group of tables a tile layer reads (sql/013), the part of a
 * cache key that moves when the data does.
 * - PostgreSQL: LISTEN tile_data on a connection of its own; a notification arrives after the
 *   writer's commit, from any process, and moves this process's generation. While that
 *   connection is down the generation is unknown and nothing is cached.
 * - Embedded: the server is the database's only process and runs one transaction at a time, so
 *   the groups' sequences, read before each tile, never show a change not yet committed.
 */
import pg from 'pg';
import type { Database } from '../db/database.ts';
import type { DataGroup } from './layer.ts';

export interface TileVersions {
  /** The generation of `groups` now; null: not known, do not cache. */
  generation(groups: readonly DataGroup[]): Promise<string | null>;
  close(): Promise<void>;
}

const GROUPS: readonly DataGroup[] = ['network', 'components', 'incidents'];

/** Reads the sequences of sql/013 (embedded database). */
export function sequenceVersions(pool: pg.Pool): TileVersions {
  return {
    async generation(groups) {
      const columns = groups.map((g) => `(SELECT last_value FROM tile_version_${g})`).join(` || '.' || `);
      const { rows } = await pool.query(`SELECT ${columns} AS v`);
      return String(rows[0].v);
    },
    async close() {},
  };
}

/** Counts notifications of tile_data (PostgreSQL). */
export function listeningVersions(pool: pg.Pool, onChange: () => void = () => {}): TileVersions {
  const counts = new Map<DataGroup, number>(GROUPS.map((g) => [g, 0]));
  let epoch = 0;
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let starting: Promise<void> | null = null;

  const start = async () => {
    const c = new pg.Client(pool.options);
    c.on('notification', (message) => {
      const group = message.payload as DataGroup;
      if (counts.has(group)) counts.set(group, counts.get(group)! + 1);
      onChange();
    });
    // Changes missed while the connection was down are unknown: a new epoch keys everything anew.
    c.on('error', () => {
      listening = false;
      epoch++;
      onChange();
      client = null;
      c.end().catch(() => {});
    });
    await c.connect();
    // The listener must not keep a finished process (a test, a script) alive.
    (c as unknown as { connection: { stream: { unref?: () => void } } }).connection.stream.unref?.();
    await c.query('LISTEN tile_data');
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    epoch++;
    listening = true;
  };

  return {
    async generation(groups) {
      if (!listening && !closed) {
        starting ??= start().catch((error) => console.error('tiles: LISTEN tile_data failed:', error.message)).finally(() => { starting = null; });
        await starting;
      }
      if (!listening) return null;
      return `${epoch}:${groups.map((g) => counts.get(g)).join('.')}`;
    },
    async close() {
      closed = true;
      listening = false;
      await starting;
      await client?.end().catch(() => {});
    },
  };
}

export function tileVersions(db: Database, onChange?: () => void): TileVersions {
  return db.kind === 'postgres' ? listeningVersions(db.pool, onChange) : sequenceVersions(db.pool);
}
