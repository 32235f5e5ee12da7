/**
 * Test fixture (interrupted.test.ts): runs one import in a separate process and stops in the
 * middle of it — while receiving, or inside the merge transaction after the rows went into
 * entity — printing `PAUSED <stage> <import id>`, so the test can SIGKILL it right there.
 *
 *   tsx api/imports/testing-child.ts URL postgres|embedded FILE CATEGORY receiving|merging [bulk]
 *
 * `bulk`: the merge takes the large-load path (entity's indexes dropped and rebuilt), however small the file.
 */
import fs from 'node:fs';
import pg from 'pg';
import { connect, type DatabaseKind } from '../db/database.ts';
import { GridIndex } from '../lookup/grid-index.ts';
import { createImport, runImport } from './pipeline.ts';

const [url, kind, file, category, pauseAt, path] = process.argv.slice(2);
const stall = (stage: string, id: number) => {
  console.log(`PAUSED ${stage} ${id}`);
  return new Promise<never>(() => {});
};

let jobId = 0;
if (pauseAt === 'merging') {
  // The count update comes after the rows went into entity, inside the merge transaction.
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (typeof args[0] === 'string' && args[0].includes('UPDATE grid_category_count')) return stall('merging', jobId);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

async function* body(): AsyncGenerator<Uint8Array> {
  const bytes = fs.readFileSync(file);
  if (pauseAt !== 'receiving') return yield bytes;
  // Enough for a block of rows to reach the staging table, then nothing more.
  yield bytes.subarray(0, Math.floor(bytes.length / 2));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await stall('receiving', jobId);
}

const db = connect(url, kind as DatabaseKind, 3);
const options = { format: 'csv', encoding: 'auto', category, srid: 4326, mapping: {}, origin: 'cli' } as const;
const job = await createImport(db.pool, options);
jobId = job.id;
await runImport({ db, gridIndex: new GridIndex(db.pool), bulk: path === 'bulk' }, job, body(), options);
console.log('FINISHED');
await db.close();
