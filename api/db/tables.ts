/**
 * The tables as Kysely sees them, declared once (sql/ is the truth; keep these in step with it).
 * Types are what `pg` returns: bigint and numeric as string, timestamptz as Date, jsonb parsed,
 * geometry as hex EWKB text (select ST_AsGeoJSON / ST_X … through `sql` instead).
 */
import type { ColumnType, Generated } from 'kysely';

/** A column the database fills (default or sequence) that a writer may still set. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** bigint: read as text by pg, written as number or text. */
type Int8 = ColumnType<string, string | number | bigint, string | number | bigint>;

export interface CategoryTable {
  code: string;
  domain: 'resident_population' | 'registered_population' | 'floating_population' | 'legal_entity' | 'city_component';
  name_zh: string;
  name_en: string;
  gb_code: string | null;
  personal: Defaulted<boolean>;
}

/** A record of the grid database (sql/009: plain, constrained, GiST-indexed). */
export interface EntityTable {
  id: Generated<string>;
  category_code: string;
  source_key: string | null;
  grid_code: string | null;
  geom: string;
  /** H3 cell at resolution 10; coarser cells come from h3_parent(h3_r10, res) in SQL. */
  h3_r10: Int8;
  attrs: Defaulted<Record<string, unknown>>;
  updated_at: Timestamp;
}

export interface CityComponentTable {
  entity_id: Int8;
  component_id: string;
  class_code: string;
  state: Defaulted<'in_order' | 'out_of_order'>;
  state_changed_at: Date | null;
}

/** Records per current grid and category ('' for records outside every grid), kept by the import (api/stats/counts.ts). */
export interface GridCategoryCountTable {
  grid_code: string;
  category_code: string;
  n: Int8;
}

export interface Tables {
  category: CategoryTable;
  entity: EntityTable;
  city_component: CityComponentTable;
  grid_category_count: GridCategoryCountTable;
}
