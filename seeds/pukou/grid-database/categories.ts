/**
 * The 167 categories of the grid database in five domains, with how densely each occurs:
 * the expected records in a grid are
 *   (perCapita × population + perHousehold × households + perKm2 × area) × (urban | rural factor)
 * at the natural (full) scale, before the plan scales all of them to the requested total.
 */
import { POPULATION_CATEGORIES } from './population-categories.ts';
import { ENTITY_CATEGORIES } from './entity-categories.ts';
import { componentCategories } from './component-categories.ts';

export type Domain = 'resident_population' | 'registered_population' | 'floating_population' | 'legal_entity' | 'city_component';

export const DOMAINS: readonly Domain[] = [
  'resident_population',
  'registered_population',
  'floating_population',
  'legal_entity',
  'city_component',
];

export interface Density {
  perCapita?: number;
  perHousehold?: number;
  perKm2?: number;
  /** Multiplier in urban grids (default 1). */
  urban?: number;
  /** Multiplier in rural grids (default 1). */
  rural?: number;
}

/** Who the people of a personal category are. */
export interface PersonProfile {
  ageMin: number;
  ageMax: number;
  /** Share of women (default 0.49). */
  female?: number;
}

/** What the records of a legal-entity category look like. */
export interface EntityProfile {
  /** First two characters of the unified social credit code (e.g. '91' enterprise, '92' sole trader); null: no code (e.g. rented homes). */
  creditKind: string | null;
  /** Name patterns; `{brand}` a trade name, `{place}` the community's short name, `{street}` the street's, `{address}` the record's address, `{estate}` its estate. */
  names: readonly string[];
  /** Share located in a residential building (shops on the ground floor, rented flats) rather than on their own plot. */
  inBuilding: number;
  /** Records that are a home ('flat': address down to the room) or a whole estate ('estate': named after it). */
  premises?: 'flat' | 'estate';
}

export interface CategoryDef {
  code: string;
  domain: Domain;
  nameZh: string;
  nameEn: string;
  /** GB/T 47678.5-2026 class code, for city components. */
  gbCode: string | null;
  personal: boolean;
  density: Density;
  person?: PersonProfile;
  entity?: EntityProfile;
}

let all: CategoryDef[] | undefined;

/** All 167 categories, in a fixed order (the order records are generated in within a grid). */
export function gridDatabaseCategories(): readonly CategoryDef[] {
  all ??= [...POPULATION_CATEGORIES, ...ENTITY_CATEGORIES, ...componentCategories()];
  return all;
}

/** Expected records of a category in a grid at the natural scale. */
export function expectedRecords(
  density: Density,
  grid: { population: number; households: number; kind: 'urban' | 'rural' },
  areaKm2: number,
): number {
  const base = (density.perCapita ?? 0) * grid.population + (density.perHousehold ?? 0) * grid.households + (density.perKm2 ?? 0) * areaKm2;
  return base * ((grid.kind === 'urban' ? density.urban : density.rural) ?? 1);
}
