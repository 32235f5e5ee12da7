/**
 * Bulk loads are faster into bare tables: drop the secondary indexes and the unique and
 * foreign-key constraints, load, then build them again in one pass each. The definitions
 * are read from the catalog, so they stay those of the migrations.
 */
import type pg from 'pg';
import { DROPPABLE_CONSTRAINTS, SECONDARY_INDEXES } from './queries.ts';

interface Definition {
  table: string;
  name: string;
  definition: string;
  /** For constraints: 'u' unique, 'f' foreign key. */
  kind?: string;
}

export interface DroppedIndexes {
  indexes: Definition[];
  constraints: Definition[];
}

const quote = (name: string) => '"' + name.replaceAll('"', '""') + '"';

export async function dropIndexes(client: pg.ClientBase, tables: readonly string[]): Promise<DroppedIndexes> {
  const dropped: DroppedIndexes = { indexes: [], constraints: [] };
  for (const table of tables) {
    const constraints = await client.query<{ name: string; kind: string; definition: string }>(DROPPABLE_CONSTRAINTS, [table]);
    for (const row of constraints.rows) {
      await client.query(`ALTER TABLE ${quote(table)} DROP CONSTRAINT ${quote(row.name)}`);
      dropped.constraints.push({ table, ...row });
    }
  }
  for (const table of tables) {
    const indexes = await client.query<{ name: string; definition: string }>(SECONDARY_INDEXES, [table]);
    for (const row of indexes.rows) {
      await client.query(`DROP INDEX ${quote(row.name)}`);
      dropped.indexes.push({ table, ...row });
    }
  }
  return dropped;
}

/** Builds the indexes, then the constraints (unique ones first, so foreign keys find their targets). */
export async function restoreIndexes(
  client: pg.ClientBase,
  dropped: DroppedIndexes,
  onStep: (done: number, total: number, name: string) => void = () => {},
): Promise<void> {
  const total = dropped.indexes.length + dropped.constraints.length;
  let done = 0;
  for (const index of dropped.indexes) {
    onStep(done, total, index.name);
    await client.query(index.definition);
    done++;
  }
  const uniqueFirst = [...dropped.constraints].sort((a, b) => Number(a.kind === 'f') - Number(b.kind === 'f'));
  for (const constraint of uniqueFirst) {
    onStep(done, total, constraint.name);
    await client.query(`ALTER TABLE ${quote(constraint.table)} ADD CONSTRAINT ${quote(constraint.name)} ${constraint.definition}`);
    done++;
  }
  onStep(done, total, '');
}
