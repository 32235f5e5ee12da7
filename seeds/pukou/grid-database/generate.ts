/**
 * The grid database as lazy row streams, deterministic from the seed: grid by grid, category
 * by category within a grid, ids 1..N in that order. Only one grid's context is alive at a
 * time, so memory does not grow with the scale.
 */
import { Random } from '../../random.ts';
import type { DivisionSeed, PukouNetwork } from '../types.ts';
import { gridContext } from './grid-context.ts';
import type { GridDatabasePlan } from './plan.ts';
import { componentId, componentRecord, entityRecord, personRecord, REFERENCE_YEAR } from './records.ts';

export interface EntityRow {
  id: number;
  categoryCode: string;
  sourceKey: string;
  gridCode: string;
  lng: number;
  lat: number;
  /** H3 cell at resolution 10, decimal. */
  h3r10: string;
  /** JSON text. */
  attrs: string;
}

export interface ComponentRow {
  entityId: number;
  componentId: string;
  classCode: string;
  state: 'in_order' | 'out_of_order';
  /** ISO timestamp, set for components out of order. */
  stateChangedAt: string | null;
}

/** Share of components reported out of order at the reference date. */
export const OUT_OF_ORDER_SHARE = 0.02;

export function* entityRows(plan: GridDatabasePlan, network: PukouNetwork, seed: number): Generator<EntityRow> {
  const divisions = new Map<string, DivisionSeed>(network.divisions.map((d) => [d.code, d]));
  const root = new Random(seed).fork('grid-database');
  const { categories, counts } = plan;
  const nc = categories.length;
  const sequences = new Int32Array(nc);
  let id = 0;
  for (let g = 0; g < plan.grids.length; g++) {
    const grid = plan.grids[g];
    let rowsHere = 0;
    for (let c = 0; c < nc; c++) rowsHere += counts[g * nc + c];
    if (rowsHere === 0) continue;
    const gridRng = root.fork(grid.code);
    const ctx = gridContext(grid, plan.samplers[g], divisions, gridRng.fork('buildings'));
    for (let c = 0; c < nc; c++) {
      const n = counts[g * nc + c];
      if (n === 0) continue;
      const category = categories[c];
      const rng = gridRng.fork(category.code);
      for (let i = 0; i < n; i++) {
        const sequence = ++sequences[c];
        let record;
        let sourceKey: string;
        if (category.person) {
          record = personRecord(ctx, category.person, rng);
          sourceKey = `${category.code}-${String(sequence).padStart(8, '0')}`;
        } else if (category.entity) {
          record = entityRecord(ctx, category.entity, rng);
          sourceKey = `${category.code}-${String(sequence).padStart(8, '0')}`;
        } else {
          record = componentRecord(ctx, category, sequence, rng);
          sourceKey = componentId(category.code, sequence);
        }
        yield {
          id: ++id,
          categoryCode: category.code,
          sourceKey,
          gridCode: grid.code,
          lng: record.place.lng,
          lat: record.place.lat,
          h3r10: record.place.h3r10,
          attrs: record.attrs,
        };
      }
    }
  }
}

/**
 * The city_component rows of the component records of `entityRows`: the same ids and
 * sequences, derived from the plan alone (no geometry), so they can be streamed in a second pass.
 */
export function* componentRows(plan: GridDatabasePlan, seed: number): Generator<ComponentRow> {
  const rng = new Random(seed).fork('component-state');
  const { categories, counts } = plan;
  const nc = categories.length;
  const sequences = new Int32Array(nc);
  const reference = Date.UTC(REFERENCE_YEAR, 0, 1);
  let id = 0;
  for (let g = 0; g < plan.grids.length; g++) {
    for (let c = 0; c < nc; c++) {
      const n = counts[g * nc + c];
      const category = categories[c];
      if (category.domain !== 'city_component') {
        id += n;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const sequence = ++sequences[c];
        const broken = rng.next() < OUT_OF_ORDER_SHARE;
        yield {
          entityId: ++id,
          componentId: componentId(category.code, sequence),
          classCode: category.code,
          state: broken ? 'out_of_order' : 'in_order',
          // Reported within the 30 days before the reference date.
          stateChangedAt: broken ? new Date(reference - Math.floor(rng.next() * 30 * 86_400) * 1000).toISOString() : null,
        };
      }
    }
  }
}
