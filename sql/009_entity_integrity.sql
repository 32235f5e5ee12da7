-- entity becomes one plain table whose integrity PostgreSQL keeps: a foreign key to category,
-- a unique (category_code, source_key) that ON CONFLICT can name, a GiST index on geom, and
-- attrs as jsonb holding an object. This replaces the segments of 004–007, where uniqueness
-- rested on advisory locks and Bloom filters in the import and a bounding-box query had no
-- spatial index. Bulk loads still build indexes in one pass each: the seed loads an empty
-- table and builds them after (seeds/pukou/grid-database/load.ts).
-- Every record keeps its id: those of import segments (k·2^40 + line) are ordinary ids now.
-- Text keys take the database's collation. Measured on 1M keys against the default C.UTF-8
-- (PostgreSQL 15, shared machine): the unique index built in the same time with "C", the grid
-- index and row-by-row inserts into a table with both were 10–20 % faster with "C", within the
-- run-to-run spread; and the queries compare grid codes (digits, one length) only in ways every
-- collation orders alike (api/entities/queries.ts), so nothing depends on byte order.
-- Must run on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18) + PostGIS 3.6.

-- The H3 cell containing `cell` at the coarser resolution `res`, by bit arithmetic on the
-- 64-bit index (as h3-js cellToParent does): the resolution field (bits 52–55) becomes res and
-- the digits res+1..15 (3 bits each, digit d at bit 3·(15−d)) become 7, "unused". NULL when
-- res is not between 0 and the cell's own resolution. Only r10 is stored; display and export
-- derive r7–r9 with this.
CREATE FUNCTION h3_parent(cell bigint, res integer) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN res BETWEEN 0 AND ((cell >> 52) & 15)::integer
              THEN (cell & ~(15::bigint << 52)) | (res::bigint << 52) | ((1::bigint << (3 * (15 - res))) - 1)
         END
$$;

-- The segmented table steps aside (its partitions go with it at the end); the id sequence
-- outlives it and moves to the new table.
ALTER TABLE entity RENAME TO entity_segmented;
ALTER INDEX entity_pkey RENAME TO entity_segmented_pkey;
ALTER SEQUENCE entity_id_seq OWNED BY NONE;

-- A record of the grid database: a person, a legal entity or a city component, at a point.
-- grid_code is NULL for records outside every grid (kept and flagged, never dropped).
CREATE TABLE entity (
  id            bigint NOT NULL DEFAULT nextval('entity_id_seq'),
  category_code text NOT NULL,
  source_key    text,
  grid_code     text,
  geom          geometry(Point, 4326) NOT NULL,
  -- computed in Node (h3-js) at write time; coarser cells: h3_parent(h3_r10, res)
  h3_r10        bigint NOT NULL,
  attrs         jsonb NOT NULL DEFAULT '{}'::jsonb CONSTRAINT entity_attrs_object CHECK (jsonb_typeof(attrs) = 'object'),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Rows first, then each index and constraint in one pass over them.
INSERT INTO entity (id, category_code, source_key, grid_code, geom, h3_r10, attrs, updated_at)
SELECT id, category_code, source_key, grid_code, geom, h3_r10, attrs::jsonb, updated_at
FROM entity_segmented;

ALTER TABLE entity ADD CONSTRAINT entity_pkey PRIMARY KEY (id);
-- A real constraint (not a partial unique index), so that writers can say
-- ON CONFLICT (category_code, source_key); records without a key stay allowed, each distinct.
ALTER TABLE entity ADD CONSTRAINT entity_category_code_source_key_key UNIQUE (category_code, source_key);
ALTER TABLE entity ADD CONSTRAINT entity_category_code_fkey FOREIGN KEY (category_code) REFERENCES category (code);
CREATE INDEX entity_geom_idx ON entity USING gist (geom);
-- A category's records in a grid, and (grid codes nest) in a community or street.
CREATE INDEX entity_grid_idx ON entity (grid_code, category_code);

ALTER TABLE city_component DROP CONSTRAINT city_component_entity_id_fkey;
DROP TABLE entity_segmented;
ALTER TABLE city_component ADD CONSTRAINT city_component_entity_id_fkey
  FOREIGN KEY (entity_id) REFERENCES entity (id) ON DELETE CASCADE;

-- The sequence stays above every id it gave (segment 0: below 2^40); import ids are left as they are.
ALTER SEQUENCE entity_id_seq OWNED BY entity.id;
SELECT setval('entity_id_seq', m)
FROM (SELECT max(id) AS m FROM entity WHERE id < 1099511627776) AS used, entity_id_seq
WHERE m >= CASE WHEN is_called THEN last_value + 1 ELSE last_value END;

-- Row-level security and grants as 008 gave them: records of grids inside the jurisdiction;
-- the few outside every grid, district-wide only.
ALTER TABLE entity ENABLE ROW LEVEL SECURITY;
CREATE POLICY entity_in_scope ON entity TO lianqin_app
  USING (starts_with(grid_code, lianqin_setting('lianqin.scope'))
         OR (grid_code IS NULL AND length(lianqin_setting('lianqin.scope')) = 6));
GRANT SELECT ON entity TO lianqin_app;

-- What kept integrity in place of the constraints goes: the segment catalogue and its sequence,
-- and the trigger that refused to delete or rename a category with records (the foreign key
-- does that now). grid_category_count stays: statistics read it and the import keeps it.
DROP TABLE entity_segment;
DROP SEQUENCE entity_segment_seq;
DROP TRIGGER category_in_use ON category;
DROP FUNCTION category_in_use_guard();
