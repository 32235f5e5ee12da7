import { describe, expect, it } from 'vitest';
import { csv, importKit } from './testing.ts';

const kit = importKit();
/** Imports are the admin's: kit.post, signed in as admin. */
const post = async (query: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
  const response = await kit.t.as('admin').request(`/api/v1/imports?${query}`, { method: 'POST', body: body as BodyInit, headers });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, body: type.includes('json') ? await response.json() : await response.text() };
};

describe('imports: the merge', () => {
  it('keeps entity triggers of other parts of the product firing', async () => {
    const { inside } = await kit.places();
    const pool = kit.t.db.pool;
    await pool.query('CREATE TABLE merge_test_seen (n int NOT NULL)');
    await pool.query(`CREATE FUNCTION merge_test_count() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN INSERT INTO merge_test_seen VALUES (1); RETURN NULL; END $$`);
    await pool.query('CREATE TRIGGER merge_test_count AFTER INSERT ON entity FOR EACH ROW EXECUTE FUNCTION merge_test_count()');
    try {
      const file = csv([['key', 'lon', 'lat'], ...[1, 2, 3].map((i) => [`trig-${i}`, inside[0].lon, inside[0].lat])]);
      const { body } = await post('format=csv&category=LE24', file);
      expect(body.counts).toMatchObject({ inserted: 3 });
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM merge_test_seen');
      expect(rows[0].n).toBe(3);
    } finally {
      await pool.query('DROP TRIGGER merge_test_count ON entity');
      await pool.query('DROP FUNCTION merge_test_count()');
      await pool.query('DROP TABLE merge_test_seen');
    }
  });

  it('still refuses a category that vanished after the rows were checked', async () => {
    const { inside } = await kit.places();
    const pool = kit.t.db.pool;
    await pool.query(`INSERT INTO category (code, domain, name_zh, name_en, personal) VALUES ('ZZ99', 'legal_entity', '临时类别', 'Temporary', false)`);
    const file = csv([['key', 'category', 'lon', 'lat'], ['gone-1', 'ZZ99', inside[0].lon, inside[0].lat]]);
    // The category exists while the file is read and is gone when the merge runs.
    const { GridIndex } = await import('../lookup/grid-index.ts');
    const { createImport, runImport } = await import('./pipeline.ts');
    const options = { format: 'csv', encoding: 'auto', srid: 4326, mapping: {}, origin: 'cli' } as const;
    const job = await createImport(pool, options);
    async function* body() {
      yield Buffer.from(file);
      await pool.query(`DELETE FROM category WHERE code = 'ZZ99'`);
    }
    await expect(runImport({ db: kit.t.db, gridIndex: new GridIndex(pool) }, job, body(), options)).rejects.toThrow(/foreign key|category/);
    expect(await kit.entities('gone-')).toEqual([]);
  });

  it('refuses to delete or rename a category that has records, and lets an unused one go', async () => {
    const { inside } = await kit.places();
    const pool = kit.t.db.pool;
    await pool.query(`INSERT INTO category (code, domain, name_zh, name_en, personal) VALUES ('ZZ97', 'legal_entity', '临时类别', 'Temporary', false),
                                                                                        ('ZZ96', 'legal_entity', '空类别', 'Unused', false)`);
    const { body } = await post('format=csv&category=ZZ97', csv([['key', 'lon', 'lat'], ['used-1', inside[0].lon, inside[0].lat]]));
    expect(body.counts).toMatchObject({ inserted: 1 });
    await expect(pool.query(`DELETE FROM category WHERE code = 'ZZ97'`)).rejects.toThrow(/violates foreign key constraint "entity_category_code_fkey"/);
    await expect(pool.query(`UPDATE category SET code = 'ZZ95' WHERE code = 'ZZ97'`)).rejects.toThrow(/violates foreign key constraint/);
    await pool.query(`UPDATE category SET name_en = 'Renamed' WHERE code = 'ZZ97'`);
    await pool.query(`DELETE FROM category WHERE code = 'ZZ96'`);
    await pool.query(`DELETE FROM entity WHERE category_code = 'ZZ97'`);
    await pool.query(`DELETE FROM grid_category_count WHERE category_code = 'ZZ97'`);
    await pool.query(`DELETE FROM category WHERE code = 'ZZ97'`);
  });
});
