/** Every SQL statement of the grid-database loader, in one place. */

export const ENTITY_COLUMNS = 'id, category_code, source_key, grid_code, geom, h3_r10, attrs';
export const COMPONENT_COLUMNS = 'entity_id, component_id, class_code, state, state_changed_at';

export const INSERT_CATEGORIES = `
INSERT INTO category (code, domain, name_zh, name_en, gb_code, personal)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[])`;

export const INSERT_DEPARTMENTS = `
INSERT INTO department (code, name_zh, name_en, kind, phone)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`;

export const INSERT_STAFF = `
INSERT INTO grid_staff (grid_code, role, name, phone, full_time)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[])`;

/** One batch of entities on the embedded database (no COPY through pglite-socket). */
export const INSERT_ENTITIES = `
INSERT INTO entity (${ENTITY_COLUMNS})
SELECT id, category_code, source_key, grid_code, ST_SetSRID(ST_MakePoint(lng, lat), 4326), r10, attrs::jsonb
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::bigint[], $8::text[])
  AS t(id, category_code, source_key, grid_code, lng, lat, r10, attrs)`;

export const INSERT_COMPONENTS = `
INSERT INTO city_component (${COMPONENT_COLUMNS})
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`;

/** COPY in text format; geom as hex EWKB, the type's own input form. */
export const COPY_ENTITIES = `COPY entity (${ENTITY_COLUMNS}) FROM STDIN`;
export const COPY_COMPONENTS = `COPY city_component (${COMPONENT_COLUMNS}) FROM STDIN`;

/** Secondary indexes (not backing a constraint) of a table, with the statements that recreate them. */
export const SECONDARY_INDEXES = `
SELECT i.indexname AS name, i.indexdef AS definition
FROM pg_indexes i
WHERE i.schemaname = current_schema() AND i.tablename = $1
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
ORDER BY i.indexname`;

/** Unique and foreign-key constraints (checks stay: they are cheap per row), foreign keys first. */
export const DROPPABLE_CONSTRAINTS = `
SELECT conname AS name, contype AS kind, pg_get_constraintdef(oid) AS definition
FROM pg_constraint
WHERE conrelid = $1::regclass AND contype IN ('u', 'f')
ORDER BY contype, conname`;

export const SET_ENTITY_SEQUENCE = `SELECT setval('entity_id_seq', GREATEST((SELECT max(id) FROM entity), 1), (SELECT count(*) > 0 FROM entity))`;
