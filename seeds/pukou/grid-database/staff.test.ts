import { describe, expect, it } from 'vitest';
import { fakeNetwork } from './fake-network.ts';
import { departments } from './departments.ts';
import { gridStaff, STAFF_ROLES } from './staff.ts';

describe('gridStaff', () => {
  const network = fakeNetwork();
  const staff = gridStaff(network.grids, 1);

  it('gives every grid one full-time leader and every role', () => {
    for (const grid of network.grids) {
      const here = staff.filter((s) => s.gridCode === grid.code);
      expect(here.filter((s) => s.role === 'grid_leader')).toHaveLength(1);
      expect(here.find((s) => s.role === 'grid_leader')!.fullTime).toBe(true);
      expect(new Set(here.map((s) => s.role))).toEqual(new Set(STAFF_ROLES));
      const heads = here.filter((s) => s.role === 'building_head').length;
      expect(heads).toBeGreaterThanOrEqual(grid.kind === 'urban' ? 2 : 1);
    }
  });

  it('is deterministic', () => {
    expect(gridStaff(network.grids, 1)).toEqual(staff);
  });
});

describe('departments', () => {
  it('are 55 with unique codes and Nanjing landlines', () => {
    const list = departments();
    expect(list).toHaveLength(55);
    expect(new Set(list.map((d) => d.code)).size).toBe(55);
    for (const d of list) expect(d.phone).toMatch(/^025-58[0-9]{6}$/);
  });
});
