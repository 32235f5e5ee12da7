/**
 * Loads the grid database of Pukou: categories, departments, grid staff, and the entity and
 * city_component records, deterministic from the seed. One generator, two paths: COPY on a
 * real PostgreSQL, batched unnest inserts on the embedded PGlite. Expects the tables empty
 * (seedPukou truncates them) and runs in one transaction, so a failed load leaves nothing.
 */
import type pg from 'pg';
import type { Database } from '../../../api/db/database.ts';
import { inTransaction } from '../../../api/db/transaction.ts';
import type { PukouNetwork, SeedProgress, SeedScale } from '../types.ts';
import { insertComponents, insertEntities } from './batch-insert.ts';
import { componentLine, copyRows, entityLine } from './copy.ts';
import { departments } from './departments.ts';
import { componentRows, entityRows } from './generate.ts';
import { dropIndexes, restoreIndexes } from './indexes.ts';
import { planGridDatabase, SCALE_TOTALS, type GridDatabasePlan } from './plan.ts';
import { COPY_COMPONENTS, COPY_ENTITIES, INSERT_CATEGORIES, INSERT_DEPARTMENTS, INSERT_STAFF, SET_ENTITY_SEQUENCE } from './queries.ts';
import { gridStaff } from './staff.ts';

export interface GridDatabaseOptions {
  scale: SeedScale;
  seed: number;
  /** Overrides the scale's record count (tests). */
  total?: number;
  onProgress?: (progress: SeedProgress) => void;
}

// Loaded bare, then every index and unique or foreign key is built in one pass each: they all
// exist again when the load's transaction commits.
const LOADED_TABLES = ['entity', 'city_component'];

export async function loadGridDatabase(db: Database, network: PukouNetwork, options: GridDatabaseOptions): Promise<{ entities: number }> {
  const progress = options.onProgress ?? (() => {});
  const plan = planGridDatabase(network, { total: options.total ?? SCALE_TOTALS[options.scale], seed: options.seed });
  await inTransaction(db.pool, async (client) => {
    await loadReferenceTables(client, plan, options.seed, progress);

    if (db.kind === 'postgres') await client.query("SET LOCAL maintenance_work_mem = '1GB'");
    const dropped = await dropIndexes(client, LOADED_TABLES);
    await loadRecords(client, db.kind, plan, network, options.seed, progress);
    await restoreIndexes(client, dropped, (done, total) => progress({ stage: 'indexes', done, total }));
    await client.query(SET_ENTITY_SEQUENCE);
  });

  progress({ stage: 'analyze', done: 0, total: 1 });
  await db.pool.query('ANALYZE category, department, grid_staff, entity, city_component');
  progress({ stage: 'analyze', done: 1, total: 1 });
  return { entities: plan.total };
}

async function loadReferenceTables(client: pg.ClientBase, plan: GridDatabasePlan, seed: number, progress: (p: SeedProgress) => void) {
  const categories = plan.categories;
  progress({ stage: 'categories', done: 0, total: categories.length });
  await client.query(INSERT_CATEGORIES, [
    categories.map((c) => c.code),
    categories.map((c) => c.domain),
    categories.map((c) => c.nameZh),
    categories.map((c) => c.nameEn),
    categories.map((c) => c.gbCode),
    categories.map((c) => c.personal),
  ]);
  progress({ stage: 'categories', done: categories.length, total: categories.length });

  const list = departments();
  await client.query(INSERT_DEPARTMENTS, [
    list.map((d) => d.code),
    list.map((d) => d.nameZh),
    list.map((d) => d.nameEn),
    list.map((d) => d.kind),
    list.map((d) => d.phone),
  ]);
  progress({ stage: 'departments', done: list.length, total: list.length });

  const staff = gridStaff(plan.grids, seed);
  await client.query(INSERT_STAFF, [
    staff.map((s) => s.gridCode),
    staff.map((s) => s.role),
    staff.map((s) => s.name),
    staff.map((s) => s.phone),
    staff.map((s) => s.fullTime),
  ]);
  progress({ stage: 'grid staff', done: staff.length, total: staff.length });
}

async function loadRecords(
  client: pg.ClientBase,
  kind: Database['kind'],
  plan: GridDatabasePlan,
  network: PukouNetwork,
  seed: number,
  progress: (p: SeedProgress) => void,
) {
  const components = plan.categories.reduce((sum, c, i) => sum + (c.domain === 'city_component' ? plan.categoryTotals[i] : 0), 0);
  const counter = (stage: string, total: number) => {
    let done = 0;
    progress({ stage, done, total });
    return (count: number) => progress({ stage, done: (done += count), total });
  };
  if (kind === 'postgres') {
    await copyRows(client, COPY_ENTITIES, entityRows(plan, network, seed), entityLine, counter('entities', plan.total));
    await copyRows(client, COPY_COMPONENTS, componentRows(plan, seed), componentLine, counter('city components', components));
  } else {
    await insertEntities(client, entityRows(plan, network, seed), counter('entities', plan.total));
    await insertComponents(client, componentRows(plan, seed), counter('city components', components));
  }
}
