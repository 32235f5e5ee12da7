import { describe, expect, it } from 'vitest';
import { fakeNetwork } from './fake-network.ts';
import { componentRows, entityRows, type EntityRow } from './generate.ts';
import { isValidCreditCode, isValidIdCard } from './identity.ts';
import { planGridDatabase } from './plan.ts';

const network = fakeNetwork();
// A composition with more people than the full figure would give this small network.
const plan = planGridDatabase(network, { total: 30_000, seed: 11, fullTotal: 150_000 });
const rows: EntityRow[] = [...entityRows(plan, network, 11)];
const byCode = new Map(plan.categories.map((c) => [c.code, c]));

describe('entityRows', () => {
  it('yields the planned rows with ids 1..N', () => {
    expect(rows).toHaveLength(30_000);
    rows.forEach((row, i) => expect(row.id).toBe(i + 1));
  });

  it('is deterministic for a seed and differs for another', () => {
    const again = entityRows(plan, network, 11);
    for (let i = 0; i < 2000; i++) expect(again.next().value).toEqual(rows[i]);
    const other = entityRows(plan, network, 12).next().value as EntityRow;
    expect(other.attrs).not.toBe(rows[0].attrs);
  });

  it('places every record inside its grid', () => {
    const samplers = new Map(plan.grids.map((g, i) => [g.code, plan.samplers[i]]));
    for (const row of rows) expect(samplers.get(row.gridCode)!.contains(row.lng, row.lat)).toBe(true);
  });

  it('keeps source keys unique per category', () => {
    const keys = new Set(rows.map((r) => `${r.categoryCode}/${r.sourceKey}`));
    expect(keys.size).toBe(rows.length);
  });

  it('gives people, legal entities and components the attributes of their kind', () => {
    const clustered = new Map<string, number>();
    for (const row of rows) {
      const attrs = JSON.parse(row.attrs);
      const category = byCode.get(row.categoryCode)!;
      if (category.person) {
        expect(Object.keys(attrs).sort()).toEqual(['address', 'birth_date', 'gender', 'id_card', 'name', 'phone']);
        expect(isValidIdCard(attrs.id_card)).toBe(true);
        expect(attrs.id_card.slice(6, 14)).toBe(attrs.birth_date.replaceAll('-', ''));
        const age = 2025 - Number(attrs.birth_date.slice(0, 4));
        expect(age).toBeGreaterThanOrEqual(category.person.ageMin);
        expect(age).toBeLessThanOrEqual(category.person.ageMax);
        if (category.person.female === 1) expect(attrs.gender).toBe('female');
        const point = `${row.lng},${row.lat}`;
        clustered.set(point, (clustered.get(point) ?? 0) + 1);
      } else if (category.entity) {
        expect(attrs).toHaveProperty('name');
        expect(attrs).toHaveProperty('contact');
        expect(attrs.address).toMatch(/^南京市浦口区/);
        if (category.entity.creditKind) expect(isValidCreditCode(attrs.credit_code)).toBe(true);
        if (category.entity.premises === 'flat') expect(attrs.name).toBe(`${attrs.address}（出租房屋）`);
        if (category.entity.premises === 'estate') expect(attrs.address.endsWith(attrs.name)).toBe(true);
      } else {
        expect(attrs.name.startsWith(category.nameZh)).toBe(true);
        expect(row.sourceKey).toMatch(new RegExp(`^320111${category.code}[0-9]{6}$`));
      }
    }
    // People share address points (buildings).
    expect(Math.max(...clustered.values())).toBeGreaterThan(10);
  });
});

describe('componentRows', () => {
  it('match the component records of entityRows, with ~2% out of order', () => {
    const components = [...componentRows(plan, 11)];
    const expected = rows.filter((r) => byCode.get(r.categoryCode)!.domain === 'city_component');
    expect(components.map((c) => [c.entityId, c.componentId, c.classCode])).toEqual(expected.map((r) => [r.id, r.sourceKey, r.categoryCode]));
    const broken = components.filter((c) => c.state === 'out_of_order');
    expect(broken.length / components.length).toBeGreaterThan(0.01);
    expect(broken.length / components.length).toBeLessThan(0.03);
    for (const c of components) expect(c.stateChangedAt === null).toBe(c.state === 'in_order');
  });
});
