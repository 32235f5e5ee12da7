import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../api/testing/database.ts';
import { GRID_COUNT, generateNetwork } from './network.ts';
import { GRID_STANDARD, GRID_TOLERANCE } from './network/allocation.ts';
import { readPukouReference } from './network/reference.ts';
import type { PukouNetwork } from './types.ts';

const SEED = 20240601;

describe('generateNetwork', () => {
  let network: PukouNetwork;
  const reference = readPukouReference();
  beforeAll(() => {
    network = generateNetwork(SEED);
  });

  it('gives the same network for the same seed and another for another seed', () => {
    const again = JSON.stringify(generateNetwork(SEED));
    expect(again).toBe(JSON.stringify(network));
    expect(JSON.stringify(generateNetwork(SEED + 1))).not.toBe(again);
  });

  it('has the official district, streets and communities', () => {
    const byLevel = (level: string) => network.divisions.filter((division) => division.level === level);
    expect(byLevel('district')).toHaveLength(1);
    expect(byLevel('street').map((street) => street.code)).toEqual(reference.streets.map((street) => street.code));
    expect(byLevel('community').map((community) => community.code)).toEqual(
      reference.communities.map((community) => community.code),
    );
    const streets = byLevel('street');
    expect(streets.filter((street) => street.kind === 'street')).toHaveLength(9);
    expect(streets.filter((street) => street.kind === 'special_zone')).toHaveLength(6);
    expect(byLevel('community')).toHaveLength(125);
  });

  it('links every division to its parent by code', () => {
    const codes = new Map(network.divisions.map((division) => [division.code, division]));
    for (const division of network.divisions) {
      if (division.level === 'district') {
        expect(division.parentCode).toBeNull();
        continue;
      }
      const parent = codes.get(division.parentCode!);
      expect(parent?.level).toBe(division.level === 'street' ? 'district' : 'street');
      expect(division.code.startsWith(parent!.code)).toBe(true);
    }
  });

  it(`has ${GRID_COUNT} grids, numbered from 001 in every community`, () => {
    expect(network.grids).toHaveLength(GRID_COUNT);
    const communities = network.divisions.filter((division) => division.level === 'community');
    for (const community of communities) {
      const grids = network.grids.filter((grid) => grid.communityCode === community.code);
      expect(grids.length).toBeGreaterThanOrEqual(1);
      expect(grids.map((grid) => grid.code)).toEqual(
        grids.map((_, n) => `${community.code}${String(n + 1).padStart(3, '0')}`),
      );
      for (const grid of grids) {
        expect(grid.code).toMatch(/^\d{15}$/);
        expect(grid.streetCode).toBe(community.parentCode);
        expect(grid.name).toMatch(/第\d+网格$/);
      }
    }
    expect(new Set(network.grids.map((grid) => grid.code)).size).toBe(GRID_COUNT);
  });

  it('keeps every grid within the sizing standard', () => {
    for (const grid of network.grids) {
      const standard = GRID_STANDARD[grid.kind];
      expect(Math.abs(grid.households / standard.households - 1)).toBeLessThanOrEqual(GRID_TOLERANCE);
      const [low, high] = standard.personsPerHousehold;
      expect(grid.population / grid.households).toBeGreaterThanOrEqual(low - 0.01);
      expect(grid.population / grid.households).toBeLessThanOrEqual(high + 0.01);
    }
  });

  it('gives villages rural grids and the riverside streets urban ones', () => {
    const villages = new Set(reference.communities.filter((c) => c.kind === 'village').map((c) => c.code));
    const kinds = (streetName: string) => {
      const street = reference.streets.find((s) => s.name === streetName)!;
      return network.grids.filter((grid) => grid.streetCode === street.code).map((grid) => grid.kind);
    };
    const villageGrids = network.grids.filter((grid) => villages.has(grid.communityCode));
    expect(villageGrids.every((grid) => grid.kind === 'rural')).toBe(true);
    for (const name of ['泰山街道', '顶山街道', '沿江街道', '江浦街道']) {
      expect(kinds(name).every((kind) => kind === 'urban')).toBe(true);
    }
    for (const name of ['星甸街道', '永宁街道', '汤泉街道']) {
      const rural = kinds(name).filter((kind) => kind === 'rural').length;
      expect(rural / kinds(name).length).toBeGreaterThan(0.6);
    }
  });

  it('writes closed GeoJSON rings', () => {
    const geometries = [...network.divisions, ...network.grids].map((item) => item.geometry);
    for (const geometry of geometries) {
      expect(geometry.type).toBe('MultiPolygon');
      for (const ring of geometry.coordinates.flat()) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1]).toEqual(ring[0]);
      }
    }
  });
});

describe('the network in the database', () => {
  const db = testDatabase();
  afterAll(() => db.close());
  const scalar = async <T>(sql: string): Promise<T> => Object.values((await db.pool.query(sql)).rows[0])[0] as T;

  it('is the network generated from the recorded seed', async () => {
    const seed = await scalar<number>(
      'SELECT seed FROM seed_run WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1',
    );
    const network = generateNetwork(seed);
    const { rows } = await db.pool.query<{ code: string; households: number }>(
      'SELECT code, households FROM grid WHERE valid_to IS NULL ORDER BY code',
    );
    expect(rows).toEqual(
      network.grids
        .map((grid) => ({ code: grid.code, households: grid.households }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    );
    expect(await scalar<string>('SELECT count(*) FROM division')).toBe(String(network.divisions.length));
  });

  it('has only valid geometries', async () => {
    const { rows } = await db.pool.query(`
      SELECT code, ST_IsValidReason(geom) AS reason FROM division WHERE NOT ST_IsValid(geom)
      UNION ALL
      SELECT code, ST_IsValidReason(geom) FROM grid WHERE valid_to IS NULL AND NOT ST_IsValid(geom)`);
    expect(rows).toEqual([]);
  });

  it('nests every grid in its community and every division in its parent', async () => {
    const { rows } = await db.pool.query(`
      SELECT child.code FROM division child JOIN division parent ON parent.code = child.parent_code
      WHERE NOT ST_CoveredBy(child.geom, parent.geom)
      UNION ALL
      SELECT grid.code FROM grid JOIN division community ON community.code = grid.community_code
      WHERE grid.valid_to IS NULL AND NOT ST_CoveredBy(grid.geom, community.geom)`);
    expect(rows).toEqual([]);
  });

  it('tiles every parent with its children, without gaps', async () => {
    const { rows } = await db.pool.query<{ parents: string; worst: number }>(`
      WITH children AS (
        SELECT parent_code AS parent, ST_Union(geom) AS geom FROM division
        WHERE parent_code IS NOT NULL GROUP BY parent_code
        UNION ALL
        SELECT community_code, ST_Union(geom) FROM grid WHERE valid_to IS NULL GROUP BY community_code
      )
      SELECT count(*) AS parents,
             max(ST_Area(ST_SymDifference(parent.geom, children.geom)) / ST_Area(parent.geom)) AS worst
      FROM children JOIN division parent ON parent.code = children.parent`);
    // 16 divisions have divisions below them, 125 communities have grids.
    expect(Number(rows[0].parents)).toBe(141);
    expect(rows[0].worst).toBeLessThan(1e-9);
  });

  it('has no overlap between grids or between divisions of one level', async () => {
    const grids = await scalar<number>(`
      SELECT coalesce(max(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM grid a
      JOIN grid b ON a.id < b.id AND a.geom && b.geom
      WHERE a.valid_to IS NULL AND b.valid_to IS NULL`);
    const divisions = await scalar<number>(`
      SELECT coalesce(max(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM division a
      JOIN division b ON a.level = b.level AND a.code < b.code AND a.geom && b.geom`);
    expect(grids).toBeLessThan(1e-12);
    expect(divisions).toBeLessThan(1e-12);
  });

  it('finds exactly one grid for any point in the district', async () => {
    const { rows } = await db.pool.query<{ grids: string; points: string }>(`
      WITH points AS (
        SELECT (ST_Dump(ST_GeneratePoints(geom, 400, 17))).geom AS point FROM division WHERE level = 'district'
      )
      SELECT grids, count(*) AS points FROM (
        SELECT (SELECT count(*) FROM grid WHERE valid_to IS NULL AND ST_Contains(grid.geom, point)) AS grids FROM points
      ) AS hits GROUP BY grids`);
    expect(rows).toEqual([{ grids: '1', points: '400' }]);
  });

  it('keeps areas and households consistent across levels', async () => {
    const { rows } = await db.pool.query<{ level: string; area: number }>(`
      SELECT level, sum(area_km2) AS area FROM division GROUP BY level
      UNION ALL
      SELECT 'grid', sum(area_km2) FROM grid WHERE valid_to IS NULL`);
    const district = rows.find((row) => row.level === 'district')!.area;
    // The real Pukou is about 900 km².
    expect(district).toBeGreaterThan(850);
    expect(district).toBeLessThan(950);
    for (const row of rows) expect(Math.abs(row.area - district) / district).toBeLessThan(1e-9);

    const kinds = await db.pool.query<{ kind: string; grids: string; low: number; high: number }>(`
      SELECT kind, count(*) AS grids, min(households) AS low, max(households) AS high
      FROM grid WHERE valid_to IS NULL GROUP BY kind ORDER BY kind`);
    for (const row of kinds.rows) {
      const standard = GRID_STANDARD[row.kind as 'urban' | 'rural'].households;
      expect(row.low).toBeGreaterThanOrEqual(standard * (1 - GRID_TOLERANCE));
      expect(row.high).toBeLessThanOrEqual(standard * (1 + GRID_TOLERANCE));
      expect(Number(row.grids)).toBeGreaterThan(GRID_COUNT / 5);
    }
  });
});
