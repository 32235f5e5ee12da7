import { afterAll, describe, expect, it } from 'vitest';
import { GridIndex } from '../lookup/grid-index.ts';
import { KeyRange, segmentsToSearch } from './key-search.ts';
import { createImport, runImport } from './pipeline.ts';
import type { ImportOptions } from './schema.ts';
import { SeenKeys } from './seen-keys.ts';
import { SEGMENT_SPAN } from './staging.ts';
import { csv, importKit } from './testing.ts';

const kit = importKit();
const OPTIONS: ImportOptions = { format: 'csv', encoding: 'auto', srid: 4326, mapping: {}, origin: 'cli', category: 'FP02' };
const imported: number[] = [];

/** Runs an import in which every file, however small, is large enough to land as a segment. */
async function importAsSegment(file: string, body?: () => AsyncGenerator<Uint8Array>, segmentMinRows = 1) {
  const pool = kit.t.db.pool;
  const job = await createImport(pool, OPTIONS);
  imported.push(job.id);
  async function* whole() {
    yield Buffer.from(file);
  }
  return runImport({ db: kit.t.db, gridIndex: new GridIndex(pool), segmentMinRows }, job, (body ?? whole)(), OPTIONS);
}

async function segmentsOf(importId: number) {
  const { rows } = await kit.t.db.pool.query<{ segment: number; rows: number; attached: boolean }>(
    `SELECT s.segment, s.rows::int AS rows,
            EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = 'entity'::regclass
                      AND i.inhrelid = to_regclass('entity_segment_' || s.segment)) AS attached
     FROM entity_segment s WHERE s.import_id = $1`,
    [importId],
  );
  return rows;
}

async function expectKeysUnique() {
  const { rows } = await kit.t.db.pool.query(
    `SELECT category_code, source_key, count(*)::int AS n FROM entity WHERE source_key IS NOT NULL GROUP BY 1, 2 HAVING count(*) > 1`,
  );
  expect(rows).toEqual([]);
}

const expectCountsMatchARecount = async () => expect(await kit.countDrift()).toEqual([]);

afterAll(async () => {
  // The rows go with importKit's clean-up; the emptied segments go here.
  const pool = kit.t.db.pool;
  const { rows } = await pool.query<{ segment: number }>('SELECT segment FROM entity_segment WHERE import_id = ANY($1::bigint[])', [imported]);
  for (const { segment } of rows) {
    await pool.query(`ALTER TABLE entity DETACH PARTITION entity_segment_${segment}`);
    await pool.query(`DROP TABLE entity_segment_${segment}`);
  }
  await pool.query('DELETE FROM entity_segment WHERE import_id = ANY($1::bigint[])', [imported]);
});

describe('imports: a large import lands as a segment of entity', () => {
  it('attaches the new records as a segment with its own id range, found by every query', async () => {
    const { inside, outside } = await kit.places();
    const rows: (string | number)[][] = [['key', 'lon', 'lat', 'name']];
    for (let i = 0; i < 300; i++) rows.push([`seg-${i}`, inside[i % 3].lon, inside[i % 3].lat, `住户${i}`]);
    rows.push(['seg-7', inside[5].lon, inside[5].lat, '住户七']); // repeats a key: this last line wins
    rows.push(['seg-out', outside.lon, outside.lat, '场外']);
    const job = await importAsSegment(csv(rows));
    expect(job).toMatchObject({ status: 'done', rowsInserted: 301, rowsRejected: 1, rowsOutsideGrid: 1 });

    const [segment] = await segmentsOf(job.id);
    expect(segment).toMatchObject({ rows: 301, attached: true });
    const { rows: ids } = await kit.t.db.pool.query<{ lo: number; hi: number; n: number }>(
      `SELECT min(id)::float8 AS lo, max(id)::float8 AS hi, count(*)::int AS n FROM entity_segment_${segment.segment}`,
    );
    expect(ids[0].n).toBe(301);
    expect(ids[0].lo).toBeGreaterThanOrEqual(segment.segment * SEGMENT_SPAN);
    expect(ids[0].hi).toBeLessThan((segment.segment + 1) * SEGMENT_SPAN);

    const seven = (await kit.entities('seg-7')).find((r) => r.source_key === 'seg-7');
    expect(seven).toMatchObject({ grid_code: inside[5].grid, attrs: { name: '住户七' } });
    const inSegment = (item: any) => item.id >= segment.segment * SEGMENT_SPAN && item.id < (segment.segment + 1) * SEGMENT_SPAN;
    const byGrid = await kit.t.getJson(`/api/v1/entities?grid=${inside[1].grid}&category=FP02&limit=1000`, 'analyst');
    // 100 rows went to this grid, less seg-7, whose last line moved it.
    expect(byGrid.body.items.filter(inSegment)).toHaveLength(99);
    const d = 0.0005;
    const box = [outside.lon - d, outside.lat - d, outside.lon + d, outside.lat + d].join(',');
    const inBox = await kit.t.getJson(`/api/v1/entities?bbox=${box}&category=FP02`, 'analyst');
    expect(inBox.body.items.filter(inSegment)).toEqual([expect.objectContaining({ grid: null })]);
    await expectKeysUnique();
    await expectCountsMatchARecount();
  });

  it('updates records of earlier segments in place when re-imported, and adds only the new ones', async () => {
    const { inside } = await kit.places();
    const first = csv([['key', 'lon', 'lat', 'name'], ...[1, 2, 3].map((i) => [`segre-${i}`, inside[0].lon, inside[0].lat, `甲${i}`])]);
    await importAsSegment(first);
    const before = await kit.entities('segre-');
    const { rows: idsBefore } = await kit.t.db.pool.query(`SELECT source_key, id::text FROM entity WHERE source_key LIKE 'segre-%' ORDER BY 1`);

    const second = csv([
      ['key', 'lon', 'lat', 'name'],
      ['segre-1', inside[0].lon, inside[0].lat, '甲1'], // unchanged
      ['segre-2', inside[1].lon, inside[1].lat, '甲2'], // moved
      ['segre-4', inside[0].lon, inside[0].lat, '甲4'], // new
    ]);
    const job = await importAsSegment(second);
    expect(job).toMatchObject({ status: 'done', rowsInserted: 1, rowsUpdated: 1, rowsUnchanged: 1 });
    expect(await segmentsOf(job.id)).toEqual([expect.objectContaining({ rows: 1, attached: true })]);

    const after = await kit.entities('segre-');
    expect(after.map((r) => r.source_key)).toEqual(['segre-1', 'segre-2', 'segre-3', 'segre-4']);
    expect(after.find((r) => r.source_key === 'segre-2')?.grid_code).toBe(inside[1].grid);
    expect(before.find((r) => r.source_key === 'segre-2')?.grid_code).toBe(inside[0].grid);
    const { rows: idsAfter } = await kit.t.db.pool.query(`SELECT source_key, id::text FROM entity WHERE source_key LIKE 'segre-%' AND source_key <> 'segre-4' ORDER BY 1`);
    expect(idsAfter).toEqual(idsBefore);

    // A file with nothing new attaches no segment.
    const again = await importAsSegment(second);
    expect(again).toMatchObject({ rowsInserted: 0, rowsUnchanged: 3 });
    expect(await segmentsOf(again.id)).toEqual([]);
    await expectKeysUnique();
    await expectCountsMatchARecount();
  });

  it('puts the new records of a large re-import into segment 0 when they are too few for a segment', async () => {
    const { inside } = await kit.places();
    const rows = (n: number) => csv([['key', 'lon', 'lat', 'name'], ...Array.from({ length: n }, (_, i) => [`segfew-${i}`, inside[2].lon, inside[2].lat, `乙${i}`])]);
    const first = await importAsSegment(rows(5), undefined, 3);
    expect(await segmentsOf(first.id)).toEqual([expect.objectContaining({ rows: 5 })]);

    const job = await importAsSegment(rows(7), undefined, 3);
    expect(job).toMatchObject({ status: 'done', rowsInserted: 2, rowsUnchanged: 5 });
    expect(await segmentsOf(job.id)).toEqual([]);
    const { rows: added } = await kit.t.db.pool.query<{ source_key: string; segment0: boolean }>(
      `SELECT source_key, id < $1 AS segment0 FROM entity WHERE source_key IN ('segfew-5', 'segfew-6') ORDER BY 1`,
      [SEGMENT_SPAN],
    );
    expect(added).toEqual([{ source_key: 'segfew-5', segment0: true }, { source_key: 'segfew-6', segment0: true }]);
    const { rows: tables } = await kit.t.db.pool.query(`SELECT to_regclass('entity_load_' || $1::int) AS t`, [job.id]);
    expect(tables).toEqual([{ t: null }]);
    await expectKeysUnique();
    await expectCountsMatchARecount();
  });

  it('gives a file in grid order a BRIN grid index and others a btree, statistics, and a key filter and key range each', async () => {
    const { inside } = await kit.places();
    const grouped: (string | number)[][] = [['key', 'lon', 'lat', 'name']];
    const mixed: (string | number)[][] = [['key', 'lon', 'lat', 'name']];
    for (let i = 0; i < 600; i++) {
      const g = i < 300 ? 0 : 1;
      grouped.push([`segbrin-${i}`, inside[g].lon, inside[g].lat, `甲${i}`]);
      mixed.push([`segtree-${i}`, inside[i % 2].lon, inside[i % 2].lat, `乙${i}`]);
    }
    const a = await importAsSegment(csv(grouped));
    const b = await importAsSegment(csv(mixed));
    const [segA] = await segmentsOf(a.id);
    const [segB] = await segmentsOf(b.id);
    const { rows } = await kit.t.db.pool.query<{ name: string; method: string }>(
      `SELECT c.relname AS name, am.amname AS method FROM pg_class c JOIN pg_am am ON am.oid = c.relam
       WHERE c.relname IN ($1, $2) ORDER BY 1`,
      [`entity_segment_${segA.segment}_grid`, `entity_segment_${segB.segment}_grid`],
    );
    expect(rows.map((r) => r.method)).toEqual(segA.segment < segB.segment ? ['brin', 'btree'] : ['btree', 'brin']);
    // Sampled before they were attached: the planner knows them from the first query.
    const { rows: sampled } = await kit.t.db.pool.query(
      `SELECT tablename FROM pg_stats WHERE attname = 'grid_code' AND tablename IN ($1, $2) ORDER BY 1`,
      [`entity_segment_${segA.segment}`, `entity_segment_${segB.segment}`],
    );
    expect(sampled).toHaveLength(2);
    // Both indexes find a grid's records of a category.
    const page = await kit.t.getJson(`/api/v1/entities?grid=${inside[1].grid}&category=FP02&limit=1000`, 'analyst');
    const inSegment = (segment: number) => (item: any) => item.id >= segment * SEGMENT_SPAN && item.id < (segment + 1) * SEGMENT_SPAN;
    expect(page.body.items.filter(inSegment(segA.segment))).toHaveLength(300);
    expect(page.body.items.filter(inSegment(segB.segment))).toHaveLength(300);

    const client = await kit.t.db.pool.connect();
    try {
      const search = async (...keys: string[]) => {
        const hashes = new SeenKeys();
        const range = new KeyRange();
        for (const key of keys) {
          hashes.add('FP02', key);
          range.addText(key);
        }
        return segmentsToSearch(client, { hashes, range });
      };
      const idsOf = (segment: number) => `(e.id >= ${segment * SEGMENT_SPAN} AND e.id < ${(segment + 1) * SEGMENT_SPAN})`;
      const { rows: ranges } = await kit.t.db.pool.query('SELECT min_key, max_key FROM entity_segment WHERE segment = $1', [segB.segment]);
      expect(ranges).toEqual([{ min_key: 'segtree-0', max_key: 'segtree-99' }]);
      // Keys beyond every segment's range and segment 0's: the merge skips the join.
      expect(await search('~segnone-1', '~segnone-2')).toBeNull();
      // Keys within segment B's range that it does not hold: its filter tells.
      expect((await search('segtree-5000', 'segtree-6000')) ?? '').not.toContain(idsOf(segB.segment));
      expect(await search('segtree-5000', 'segtree-17')).toContain(idsOf(segB.segment));
      const found = await search('segbrin-17', '~segnone-1');
      expect(found).toContain(idsOf(segA.segment));
      expect(found).not.toContain(idsOf(segB.segment));
      const { rows: seeded } = await kit.t.db.pool.query<{ key: string }>(`SELECT source_key AS key FROM entity_segment_0 WHERE source_key IS NOT NULL LIMIT 1`);
      expect(await search(seeded[0].key)).toContain(`e.id < ${SEGMENT_SPAN}`);
    } finally {
      client.release();
    }
  });

  it('leaves entity as it was when the merge fails, and drops the load table', async () => {
    const { inside } = await kit.places();
    const pool = kit.t.db.pool;
    await pool.query(`INSERT INTO category (code, domain, name_zh, name_en, personal) VALUES ('ZZ98', 'legal_entity', '临时类别', 'Temporary', false)`);
    const file = csv([['key', 'category', 'lon', 'lat'], ['seggone-1', 'ZZ98', inside[0].lon, inside[0].lat], ['seggone-2', 'FP02', inside[0].lon, inside[0].lat]]);
    const { rows: before } = await pool.query('SELECT count(*)::int AS n FROM entity');
    // The category exists while the file is read and is gone when the segment is attached.
    async function* body() {
      yield Buffer.from(file);
      await pool.query(`DELETE FROM category WHERE code = 'ZZ98'`);
    }
    await expect(importAsSegment(file, body)).rejects.toThrow(/foreign key|category/);
    const id = imported[imported.length - 1];
    expect(await segmentsOf(id)).toEqual([]);
    const { rows: table } = await pool.query('SELECT to_regclass($1) AS load', [`entity_load_${id}`]);
    expect(table[0].load).toBeNull();
    const { rows: after } = await pool.query('SELECT count(*)::int AS n FROM entity');
    expect(after[0].n).toBe(before[0].n);
    await expectCountsMatchARecount();
  });
});
