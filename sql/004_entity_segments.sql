-- entity in segments: a table partitioned by id range, so a large import can land as a new
-- segment whose indexes are built in one sorted pass each and which is then attached, instead
-- of updating the indexes of millions of rows one row at a time (about ten times slower).
--   segment 0: ids below 2^40, from entity_id_seq: the seed, small imports, single records;
--   segment k ≥ 1: ids k·2^40 + line of the file, one import's new records.
-- Keys stay unique across segments because every merge takes MERGE_LOCK and puts a key that
-- exists already in place of the old record (api/imports/merge.ts), never into a new segment.
-- Text keys use the "C" collation: byte order, which sorts and compares several times faster
-- than a linguistic collation when indexes are built; nothing sorts these codes for people.
-- attrs become json: stored as written, where jsonb would parse and rebuild every record's
-- attributes on the way in (a third of a large import's COPY); they are read whole, never
-- queried inside, and an import writes them in one canonical form, so their text compares.
-- The GiST index on geom goes: a bounding-box query first narrows to the grids it touches
-- (api/entities/queries.ts), and a GiST index took a third of a large import's time.

ALTER TABLE city_component DROP CONSTRAINT city_component_entity_id_fkey;
DROP INDEX entity_geom_idx;
DROP INDEX entity_grid_idx;
DROP INDEX entity_source_key_idx;
ALTER TABLE entity DROP CONSTRAINT entity_category_code_fkey;
ALTER TABLE entity RENAME TO entity_segment_0;
ALTER TABLE entity_segment_0 RENAME CONSTRAINT entity_pkey TO entity_segment_0_pkey;
ALTER TABLE entity_segment_0
  ALTER COLUMN attrs DROP DEFAULT,
  ALTER COLUMN attrs TYPE json USING attrs::json,
  ALTER COLUMN attrs SET DEFAULT '{}'::json,
  ALTER COLUMN category_code TYPE text COLLATE "C",
  ALTER COLUMN source_key TYPE text COLLATE "C",
  ALTER COLUMN grid_code TYPE text COLLATE "C";

CREATE TABLE entity (LIKE entity_segment_0 INCLUDING DEFAULTS) PARTITION BY RANGE (id);
ALTER SEQUENCE entity_id_seq OWNED BY entity.id;
ALTER TABLE entity ATTACH PARTITION entity_segment_0 FOR VALUES FROM (MINVALUE) TO (1099511627776);
ALTER TABLE entity ADD PRIMARY KEY (id);
-- Every index a segment carries is built when its import lands, so there are few: by grid and
-- category (a category's records in a grid are a few hundred of its 20,000), and by key alone
-- (a key matches a record or two; the category is checked on those).
CREATE INDEX entity_grid_idx ON entity (grid_code, category_code);
CREATE INDEX entity_source_key_idx ON entity (source_key) WHERE source_key IS NOT NULL;
ALTER TABLE city_component ADD CONSTRAINT city_component_entity_id_fkey
  FOREIGN KEY (entity_id) REFERENCES entity (id) ON DELETE CASCADE;

-- No foreign key from entity.category_code: attaching a segment would check it over all of the
-- segment's rows, and a per-row check cost 40 % of a small import's merge. Writers check the
-- categories they write once, locking them FOR KEY SHARE as the key would (merge.ts), and a
-- category with records cannot be deleted or renamed: grid_category_count, kept exact in the
-- same transactions as entity, says whether it has any.
CREATE FUNCTION category_in_use_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.code = OLD.code THEN
    RETURN NEW;
  END IF;
  IF EXISTS (SELECT 1 FROM grid_category_count WHERE category_code = OLD.code AND n > 0) THEN
    RAISE EXCEPTION 'category % still has records in the grid database', OLD.code
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER category_in_use BEFORE DELETE OR UPDATE OF code ON category
  FOR EACH ROW EXECUTE FUNCTION category_in_use_guard();

-- Segments attached by imports (segment 0 is not listed: it is always there).
CREATE SEQUENCE entity_segment_seq MINVALUE 1;
CREATE TABLE entity_segment (
  segment    integer PRIMARY KEY CHECK (segment >= 1),
  -- the import that made it (no foreign key: import history may be cleared on its own)
  import_id  bigint NOT NULL,
  rows       bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- A large import changes tens of thousands of these counts: free space on every page lets
-- those updates stay on their page (HOT), without touching the index.
ALTER TABLE grid_category_count SET (fillfactor = 40);
