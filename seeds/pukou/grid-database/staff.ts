/**
 * Grid staff (网格力量): in every grid one full-time grid leader (专职网格员) and the part-time
 * roles around them; building heads (楼栋长) by the number of households, several in urban grids.
 */
import { Random } from '../../random.ts';
import type { GridSeed } from '../types.ts';
import { mobileNumber, personName, type Gender } from './identity.ts';

export const STAFF_ROLES = [
  'grid_leader',
  'policy_publicist',
  'information_officer',
  'aid_officer',
  'dispute_mediator',
  'building_head',
] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffSeed {
  gridCode: string;
  role: StaffRole;
  name: string;
  phone: string;
  fullTime: boolean;
}

/** Building heads: one per ~120 urban households (2–12) or ~200 rural ones (1–4). */
export function buildingHeads(grid: Pick<GridSeed, 'kind' | 'households'>): number {
  return grid.kind === 'urban'
    ? Math.min(12, Math.max(2, Math.round(grid.households / 120)))
    : Math.min(4, Math.max(1, Math.round(grid.households / 200)));
}

export function gridStaff(grids: readonly GridSeed[], seed: number): StaffSeed[] {
  const root = new Random(seed).fork('grid-staff');
  const staff: StaffSeed[] = [];
  for (const grid of grids) {
    const rng = root.fork(grid.code);
    const add = (role: StaffRole, fullTime: boolean) => {
      const gender: Gender = rng.next() < 0.55 ? 'female' : 'male';
      staff.push({ gridCode: grid.code, role, name: personName(rng, gender), phone: mobileNumber(rng), fullTime });
    };
    add('grid_leader', true);
    for (const role of STAFF_ROLES) if (role !== 'grid_leader' && role !== 'building_head') add(role, false);
    for (let i = buildingHeads(grid); i > 0; i--) add('building_head', false);
  }
  return staff;
}
