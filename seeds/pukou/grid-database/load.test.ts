/** Checks the grid database as the global setup seeded it (demo scale), on either database. */
import { cellToParent, latLngToCell } from 'h3-js';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../api/testing/database.ts';
import { DOMAINS } from './categories.ts';
import { gbDirectory } from './component-categories.ts';
import { isValidCreditCode, isValidIdCard } from './identity.ts';
import { SCALE_TOTALS } from './plan.ts';
import { STAFF_ROLES } from './staff.ts';

const db = testDatabase();
afterAll(() => db.close());

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

const h3 = (cell: string) => BigInt('0x' + cell).toString();

describe('grid database (seeded)', () => {
  it('has 167 categories over the five domains, components from the GB directory', async () => {
    const domains = await rows<{ domain: string; n: number }>('SELECT domain, count(*)::int AS n FROM category GROUP BY domain');
    expect(domains.reduce((sum, d) => sum + d.n, 0)).toBe(167);
    expect(new Set(domains.map((d) => d.domain))).toEqual(new Set(DOMAINS));
    const directory = new Set(gbDirectory().filter((e) => e.kind === '管理部件').map((e) => e.code));
    const components = await rows<{ code: string; gb_code: string; personal: boolean }>(
      "SELECT code, gb_code, personal FROM category WHERE domain = 'city_component'",
    );
    for (const c of components) {
      expect(directory.has(c.code)).toBe(true);
      expect(c.gb_code).toBe(c.code);
      expect(c.personal).toBe(false);
    }
  });

  it('has 55 departments', async () => {
    const [{ n }] = await rows<{ n: number }>('SELECT count(*)::int AS n FROM department');
    expect(n).toBe(55);
  });

  it('gives every grid exactly one grid leader and every role', async () => {
    const bad = await rows(
      `SELECT g.code,
              count(s.id) FILTER (WHERE s.role = 'grid_leader') AS leaders,
              count(DISTINCT s.role) AS roles
       FROM grid g LEFT JOIN grid_staff s ON s.grid_code = g.code
       WHERE g.valid_to IS NULL
       GROUP BY g.code
       HAVING count(s.id) FILTER (WHERE s.role = 'grid_leader') <> 1 OR count(DISTINCT s.role) <> $1`,
      [STAFF_ROLES.length],
    );
    expect(bad).toEqual([]);
    const [{ grids }] = await rows<{ grids: number }>('SELECT count(DISTINCT grid_code)::int AS grids FROM grid_staff');
    expect(grids).toBeGreaterThan(0);
  });

  it('loads the demo total, every category present, and sets the id sequence', async () => {
    const [{ n, max, categories }] = await rows<{ n: number; max: number; categories: number }>(
      'SELECT count(*)::int AS n, max(id)::int AS max, count(DISTINCT category_code)::int AS categories FROM entity',
    );
    expect(Math.abs(n - SCALE_TOTALS.demo)).toBeLessThanOrEqual(SCALE_TOTALS.demo * 0.01);
    expect(max).toBe(n);
    expect(categories).toBe(167);
    const [{ last_value }] = await rows<{ last_value: string }>('SELECT last_value FROM entity_id_seq');
    expect(Number(last_value)).toBe(max);
  });

  it('places every record inside its grid', async () => {
    const [{ outside, unassigned }] = await rows<{ outside: number; unassigned: number }>(
      `SELECT count(*) FILTER (WHERE g.code IS NULL)::int AS unassigned,
              count(*) FILTER (WHERE g.code IS NOT NULL AND NOT ST_Contains(g.geom, e.geom))::int AS outside
       FROM entity e LEFT JOIN grid g ON g.code = e.grid_code AND g.valid_to IS NULL`,
    );
    expect({ outside, unassigned }).toEqual({ outside: 0, unassigned: 0 });
  });

  it('stores the H3 cell that h3-js recomputes, and h3_parent gives its parents r7–r9', async () => {
    const sample = await rows<{ lng: number; lat: number; r7: string; r8: string; r9: string; r10: string }>(
      `SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat, h3_parent(h3_r10, 7) AS r7, h3_parent(h3_r10, 8) AS r8,
              h3_parent(h3_r10, 9) AS r9, h3_r10 AS r10 FROM entity WHERE id % 97 = 0`,
    );
    expect(sample.length).toBeGreaterThan(1000);
    for (const row of sample) {
      const r10 = latLngToCell(row.lat, row.lng, 10);
      expect(row.r10).toBe(h3(r10));
      expect([row.r7, row.r8, row.r9]).toEqual([7, 8, 9].map((res) => h3(cellToParent(r10, res))));
    }
  });

  it('gives people valid ID-card numbers and organisations valid credit codes', async () => {
    const people = await rows<{ id_card: string }>(
      "SELECT e.attrs->>'id_card' AS id_card FROM entity e JOIN category c ON c.code = e.category_code WHERE c.personal AND e.id % 13 = 0",
    );
    expect(people.length).toBeGreaterThan(1000);
    for (const p of people) expect(isValidIdCard(p.id_card)).toBe(true);
    const codes = await rows<{ credit_code: string }>("SELECT attrs->>'credit_code' AS credit_code FROM entity WHERE attrs ? 'credit_code'");
    expect(codes.length).toBeGreaterThan(100);
    for (const c of codes) expect(isValidCreditCode(c.credit_code)).toBe(true);
  });

  it('has one well-formed, unique component id per component record, ~2% out of order', async () => {
    const [check] = await rows<{ components: number; entities: number; distinct_ids: number; malformed: number; mismatched: number; broken: number }>(
      `SELECT count(*)::int AS components,
              (SELECT count(*)::int FROM entity e JOIN category c ON c.code = e.category_code WHERE c.domain = 'city_component') AS entities,
              count(DISTINCT cc.component_id)::int AS distinct_ids,
              count(*) FILTER (WHERE cc.component_id !~ ('^320111' || cc.class_code || '[0-9]{6}$'))::int AS malformed,
              count(*) FILTER (WHERE e.category_code <> cc.class_code OR e.source_key <> cc.component_id)::int AS mismatched,
              count(*) FILTER (WHERE cc.state = 'out_of_order')::int AS broken
       FROM city_component cc JOIN entity e ON e.id = cc.entity_id`,
    );
    expect(check.components).toBe(check.entities);
    expect(check.distinct_ids).toBe(check.components);
    expect(check.malformed).toBe(0);
    expect(check.mismatched).toBe(0);
    expect(check.broken / check.components).toBeGreaterThan(0.01);
    expect(check.broken / check.components).toBeLessThan(0.03);
  });

  it('built every index and key of the migrations again after loading, all valid', async () => {
    const indexes = await rows<{ name: string; valid: boolean }>(
      `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indrelid IN ('entity'::regclass, 'city_component'::regclass) ORDER BY 1`,
    );
    expect(indexes).toEqual(
      ['city_component_component_id_key', 'city_component_pkey', 'entity_category_code_source_key_key', 'entity_geom_idx', 'entity_grid_idx', 'entity_pkey']
        .map((name) => ({ name, valid: true })),
    );
    const constraints = await rows<{ name: string; validated: boolean }>(
      `SELECT conname AS name, convalidated AS validated FROM pg_constraint
       WHERE conrelid IN ('entity'::regclass, 'city_component'::regclass) AND contype IN ('f', 'u') ORDER BY 1`,
    );
    expect(constraints).toEqual(
      ['city_component_component_id_key', 'city_component_entity_id_fkey', 'entity_category_code_fkey', 'entity_category_code_source_key_key']
        .map((name) => ({ name, validated: true })),
    );
  });
});
