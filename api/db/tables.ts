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

/** The district, its streets (and special zones) and communities (sql/001). */
export interface DivisionTable {
  code: string;
  name: string;
  level: 'district' | 'street' | 'community';
  /** street: street or special_zone; community: community or village. */
  kind: string;
  parent_code: string | null;
  geom: string;
  area_km2: number;
}

/** Versioned grid polygons: the current row of a code has valid_to null (sql/001). */
export interface GridTable {
  id: Generated<string>;
  code: string;
  name: string;
  community_code: string;
  street_code: string;
  kind: 'urban' | 'rural';
  households: number;
  population: number;
  geom: string;
  area_km2: number;
  version: Defaulted<number>;
  valid_from: Timestamp;
  valid_to: Date | null;
}

export interface GridStaffTable {
  id: Generated<string>;
  grid_code: string;
  role: 'grid_leader' | 'policy_publicist' | 'information_officer' | 'aid_officer' | 'dispute_mediator' | 'building_head';
  name: string;
  phone: string | null;
  full_time: Defaulted<boolean>;
}

/** The departments the district command centre brings in (sql/001). */
export interface DepartmentTable {
  code: string;
  name_zh: string;
  name_en: string;
  kind: string;
  phone: string | null;
}

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

/** Records per current grid and category; grid_code '' holds those outside every grid (sql/003). */
export interface GridCategoryCountTable {
  grid_code: string;
  category_code: string;
  n: Int8;
}

/** GB/T 47678.5 managed matters: the case categories (sql/002). */
export interface IncidentCategoryTable {
  code: string;
  major_code: string;
  major_name: string;
  name: string;
}

type Level = 'grid' | 'street' | 'district';
type IncidentStatus = 'reported' | 'verified' | 'registered' | 'dispatched' | 'handling' | 'handled' | 'checked' | 'closed' | 'evaluated' | 'voided' | 'suspended';

/** A case (sql/002); its state columns are written through api/incidents/columns.ts. */
export interface IncidentTable {
  id: Generated<string>;
  ticket: string;
  source: 'patrol' | 'citizen_app' | 'hotline_12345' | 'petition' | 'video' | 'superior';
  category_code: string;
  priority: 'normal' | 'urgent';
  status: IncidentStatus;
  level: Level;
  /** null with the area codes for a case reported by address only, not placed yet (sql/010). */
  geom: string | null;
  /** H3 resolution-10 cell of geom (h3-js, sql/011), null exactly when geom is. */
  h3_r10: string | null;
  grid_code: string | null;
  community_code: string | null;
  street_code: string | null;
  address: string | null;
  description: string;
  reporter_name: string | null;
  reporter_phone: string | null;
  reported_by: string;
  self_handled: Defaulted<boolean>;
  assignee: string | null;
  created_at: Timestamp;
  registered_at: Date | null;
  dispatched_at: Date | null;
  handled_at: Date | null;
  closed_at: Date | null;
  closed_level: Level | null;
  closed_on_time: boolean | null;
  limit_unit: 'working_hours' | 'working_days' | 'calendar_hours' | null;
  limit_minutes: number | null;
  clock_started_at: Date | null;
  paused_minutes: Defaulted<number>;
  due_at: Date | null;
  warn_at: Date | null;
  suspended_at: Date | null;
  /** The status a suspended case returns to. */
  suspended_from: IncidentStatus | null;
  suspended_seconds: Defaulted<number>;
  suspend_count: Defaulted<number>;
  extension_count: Defaulted<number>;
  rework_count: Defaulted<number>;
  urge_count: Defaulted<number>;
  reopen_count: Defaulted<number>;
  rating: number | null;
  rating_comment: string | null;
  rated_at: Date | null;
  version: Defaulted<number>;
  updated_at: Timestamp;
}

/** The departments a case is dispatched to (sql/002). */
export interface IncidentDepartmentTable {
  incident_id: Int8;
  department_code: string;
  status: 'dispatched' | 'handling' | 'done' | 'returned';
  dispatched_at: Timestamp;
  accepted_at: Date | null;
  finished_at: Date | null;
}

/** Every transition of every case; append-only (sql/002, actor_user from sql/008). */
export interface IncidentEventTable {
  id: Generated<string>;
  incident_id: Int8;
  seq: number;
  action: string;
  from_status: string | null;
  to_status: string;
  from_level: string | null;
  to_level: string;
  actor_role: string;
  actor_name: string;
  actor_department: string | null;
  actor_user: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: Timestamp;
}

export interface IncidentPhotoTable {
  id: Generated<string>;
  incident_id: Int8;
  stage: 'report' | 'feedback';
  content_type: 'image/jpeg' | 'image/png';
  size: number;
  bytes: Buffer;
  created_at: Timestamp;
}

/** A client's Idempotency-Key per endpoint, with what its first request created (sql/002). */
export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  snapshot: Record<string, unknown>;
  created_at: Defaulted<Date>;
}

export interface Tables {
  division: DivisionTable;
  grid: GridTable;
  grid_staff: GridStaffTable;
  department: DepartmentTable;
  category: CategoryTable;
  entity: EntityTable;
  city_component: CityComponentTable;
  grid_category_count: GridCategoryCountTable;
  incident_category: IncidentCategoryTable;
  incident: IncidentTable;
  incident_department: IncidentDepartmentTable;
  incident_event: IncidentEventTable;
  incident_photo: IncidentPhotoTable;
  idempotency_key: IdempotencyKeyTable;
}
