/**
 * Row-level security on its own: queries with no jurisdiction filter at all, run under a
 * user's scope, see only that user's cases and records. This is what stands between a
 * handler's forgotten WHERE and another street's data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../testing/database.ts';
import { getIncident, actOnIncident } from '../incidents/act.ts';
import { incidentDeps } from '../incidents/create.ts';
import { GridIndex } from '../lookup/grid-index.ts';
import { withScope, type DataScope } from './scope.ts';

const db = testDatabase();
const deps = incidentDeps(db.pool, new GridIndex(db.pool));
afterAll(() => db.close());

let street = '';
let other = '';
const count = async (sql: string, params: unknown[] = []) => Number((await db.pool.query(sql, params)).rows[0].n);
const scopedCount = (scope: DataScope, sql: string, params: unknown[] = []) =>
  withScope(db.pool, scope, async (client) => Number((await client.query(sql, params)).rows[0].n));

beforeAll(async () => {
  const streets = (await db.pool.query(`SELECT code FROM division WHERE level = 'street' ORDER BY code LIMIT 2`)).rows;
  street = streets[0].code;
  other = streets[1].code;
});

const CHILD_TABLES = ['incident_event', 'incident_department', 'incident_photo', 'citizen_message'];

describe('row-level security', () => {
  it('shows a street’s scope only that street’s cases, their children and records, with no filter in the query', async () => {
    const scope: DataScope = { prefix: street, department: null, petitions: true };
    const cases = await count('SELECT count(*) AS n FROM incident WHERE street_code = $1', [street]);
    expect(cases).toBeGreaterThan(0);
    expect(cases).toBeLessThan(await count('SELECT count(*) AS n FROM incident'));
    expect(await scopedCount(scope, 'SELECT count(*) AS n FROM incident')).toBe(cases);
    expect(await scopedCount(scope, 'SELECT count(*) AS n FROM incident WHERE street_code = $1', [other])).toBe(0);
    for (const table of CHILD_TABLES) {
      const own = await count(`SELECT count(*) AS n FROM ${table} x JOIN incident i ON i.id = x.incident_id WHERE i.street_code = $1`, [street]);
      expect(`${table}: ${await scopedCount(scope, `SELECT count(*) AS n FROM ${table}`)}`).toBe(`${table}: ${own}`);
    }
    const records = await count('SELECT count(*) AS n FROM entity WHERE grid_code LIKE $1', [`${street}%`]);
    expect(records).toBeGreaterThan(0);
    expect(await scopedCount(scope, 'SELECT count(*) AS n FROM entity')).toBe(records);
  });

  it('keeps a case of another street out of a read and an action that filter by id alone', async () => {
    const scope: DataScope = { prefix: street, department: null, petitions: true };
    const outside = Number((await db.pool.query('SELECT id FROM incident WHERE street_code = $1 ORDER BY id LIMIT 1', [other])).rows[0].id);
    expect(await getIncident(deps, outside)).not.toBeNull();
    expect(await getIncident(deps, outside, { scope })).toBeNull();
    await expect(actOnIncident(deps, outside, { action: 'urge', actor: { role: 'street_dispatcher', name: 'x' } }, { scope })).rejects.toMatchObject({ status: 404 });
  });

  it('shows a department only the cases dispatched to it', async () => {
    const dispatched = await count(`SELECT count(DISTINCT incident_id) AS n FROM incident_department WHERE department_code = 'urban_management'`);
    expect(dispatched).toBeGreaterThan(0);
    const scope: DataScope = { prefix: '320111', department: 'urban_management', petitions: true };
    expect(await scopedCount(scope, 'SELECT count(*) AS n FROM incident')).toBe(dispatched);
  });

  it('hides petitions (信访) case by case from readers who do not handle cases', async () => {
    const petitions = await count(`SELECT count(*) AS n FROM incident WHERE source = 'petition'`);
    expect(petitions).toBeGreaterThan(0);
    const all = await count('SELECT count(*) AS n FROM incident');
    expect(await scopedCount({ prefix: '320111', department: null, petitions: false }, 'SELECT count(*) AS n FROM incident')).toBe(all - petitions);
  });

  it('shows nothing to the app role without a scope', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN; SET LOCAL ROLE lianqin_app');
      expect(Number((await client.query('SELECT count(*) AS n FROM incident')).rows[0].n)).toBe(0);
      expect(Number((await client.query('SELECT count(*) AS n FROM entity')).rows[0].n)).toBe(0);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
