/**
 * The embedded path: COPY through pglite-socket breaks the connection, so rows go in batches
 * of `INSERT ... SELECT FROM unnest(arrays)`, one statement per few thousand rows.
 */
import type pg from 'pg';
import type { ComponentRow, EntityRow } from './generate.ts';
import { INSERT_COMPONENTS, INSERT_ENTITIES } from './queries.ts';

const BATCH = 5_000;

async function inBatches<T>(
  client: pg.ClientBase,
  rows: Iterable<T>,
  flush: (batch: T[]) => Promise<void>,
  onRows: (count: number) => void,
): Promise<void> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) {
      await flush(batch);
      onRows(batch.length);
      batch = [];
    }
  }
  if (batch.length > 0) {
    await flush(batch);
    onRows(batch.length);
  }
}

export async function insertEntities(client: pg.ClientBase, rows: Iterable<EntityRow>, onRows: (count: number) => void = () => {}): Promise<void> {
  await inBatches(
    client,
    rows,
    async (batch) => {
      await client.query(INSERT_ENTITIES, [
        batch.map((r) => r.id),
        batch.map((r) => r.categoryCode),
        batch.map((r) => r.sourceKey),
        batch.map((r) => r.gridCode),
        batch.map((r) => r.lng),
        batch.map((r) => r.lat),
        batch.map((r) => r.h3r10),
        batch.map((r) => r.attrs),
      ]);
    },
    onRows,
  );
}

export async function insertComponents(client: pg.ClientBase, rows: Iterable<ComponentRow>, onRows: (count: number) => void = () => {}): Promise<void> {
  await inBatches(
    client,
    rows,
    async (batch) => {
      await client.query(INSERT_COMPONENTS, [
        batch.map((r) => r.entityId),
        batch.map((r) => r.componentId),
        batch.map((r) => r.classCode),
        batch.map((r) => r.state),
        batch.map((r) => r.stateChangedAt),
      ]);
    },
    onRows,
  );
}
