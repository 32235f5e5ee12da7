import { describe, expect, it } from 'vitest';
import { DOMAINS, gridDatabaseCategories } from './categories.ts';
import { gbDirectory } from './component-categories.ts';
import { fakeNetwork } from './fake-network.ts';
import { apportion, planGridDatabase } from './plan.ts';

describe('categories', () => {
  const categories = gridDatabaseCategories();

  it('are 167, unique, over the five domains', () => {
    expect(categories).toHaveLength(167);
    expect(new Set(categories.map((c) => c.code)).size).toBe(167);
    const perDomain = Object.fromEntries(DOMAINS.map((d) => [d, categories.filter((c) => c.domain === d).length]));
    expect(perDomain).toEqual({ resident_population: 20, registered_population: 12, floating_population: 10, legal_entity: 25, city_component: 100 });
  });

  it('take city components from the GB directory by code and name', () => {
    const directory = new Map(gbDirectory().filter((e) => e.kind === '管理部件').map((e) => [e.code, e.name]));
    for (const c of categories.filter((c) => c.domain === 'city_component')) {
      expect(c.gbCode).toBe(c.code);
      expect(directory.get(c.code)).toBe(c.nameZh);
    }
  });

  it('mark exactly the population categories personal, each with a profile', () => {
    for (const c of categories) {
      expect(c.personal).toBe(c.domain.endsWith('_population'));
      expect(Boolean(c.person)).toBe(c.personal);
      expect(Boolean(c.entity)).toBe(c.domain === 'legal_entity');
      expect(c.nameZh).toMatch(/\p{Script=Han}/u);
      expect(c.nameEn).toMatch(/^[A-Z]/);
    }
  });
});

describe('planGridDatabase', () => {
  const network = fakeNetwork();

  it('hits the total exactly, every category at least once', () => {
    for (const total of [5_000, 200_000, 9_700_000]) {
      const plan = planGridDatabase(network, { total, seed: 1 });
      expect(plan.counts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(plan.categoryTotals.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.min(...plan.categoryTotals)).toBeGreaterThanOrEqual(1);
    }
  });

  it('has one 常住人口 record per resident at the full scale, components filling the rest', () => {
    const plan = planGridDatabase(network, { total: 9_700_000, seed: 1 });
    const residents = plan.categories.findIndex((c) => c.code === 'RP01');
    expect(plan.factor).toBe(1);
    expect(plan.categoryTotals[residents]).toBe(network.grids.reduce((sum, g) => sum + g.population, 0));
    const demo = planGridDatabase(network, { total: 97_000, seed: 1 });
    expect(demo.factor).toBeCloseTo(0.01, 10);
    expect(demo.componentFactor).toBeCloseTo(plan.componentFactor / 100, 10);
  });

  it('puts more people where more people live and keeps per-category sums', () => {
    const plan = planGridDatabase(network, { total: 200_000, seed: 1, fullTotal: 1_000_000 });
    const nc = plan.categories.length;
    const residents = plan.categories.findIndex((c) => c.code === 'RP01');
    const perGrid = plan.grids.map((_, g) => plan.counts[g * nc + residents]);
    expect(perGrid[0]).toBeGreaterThan(perGrid[5] * 10);
    for (let c = 0; c < nc; c++) {
      let sum = 0;
      for (let g = 0; g < plan.grids.length; g++) sum += plan.counts[g * nc + c];
      expect(sum).toBe(plan.categoryTotals[c]);
    }
  });

  it('is deterministic', () => {
    const a = planGridDatabase(network, { total: 50_000, seed: 5 });
    const b = planGridDatabase(network, { total: 50_000, seed: 5 });
    expect(Array.from(a.counts)).toEqual(Array.from(b.counts));
  });
});

describe('apportion', () => {
  it('rounds to an exact total by largest remainders', () => {
    expect(apportion([1.5, 1.5, 1], 4)).toEqual([2, 1, 1]);
    expect(apportion([0.2, 0.2, 9.6], 10, 1)).toEqual([1, 1, 8]);
    expect(apportion([0, 3.4, 2.6], 6)).toEqual([0, 3, 3]);
  });
});
