-- Each segment chooses its own secondary indexes, so entity's partitioned indexes on grid and
-- key become per-segment ones (only the primary key stays partitioned):
--   segment 0 (seed, small imports, single records): btree on (grid_code, category_code) and on
--     source_key, as before: its rows arrive in any order, a few at a time;
--   an import segment: on (grid_code, category_code) a BRIN index when the file came grouped by
--     grid (a summary per 16 pages: tiny, built in one pass without sorting), else a btree; no
--     key index: the import's keys go into a Bloom filter kept in entity_segment.key_filter
--     (api/imports/key-filter.ts), and a later import looks for its keys in a segment only when
--     the filter says it may hold some of them (one hash join over the segment). The btree on
--     source_key cost an import as much time as the floor's whole COPY.

DROP INDEX entity_grid_idx;
DROP INDEX entity_source_key_idx;
CREATE INDEX entity_segment_0_grid ON entity_segment_0 (grid_code, category_code);
CREATE INDEX entity_segment_0_key ON entity_segment_0 (source_key) WHERE source_key IS NOT NULL;

-- Segments attached before this version keep btree indexes and no filter (always searched).
DO $$
DECLARE
  s integer;
BEGIN
  FOR s IN SELECT segment FROM entity_segment LOOP
    EXECUTE format('CREATE INDEX entity_segment_%s_grid ON entity_segment_%s (grid_code, category_code)', s, s);
    EXECUTE format('CREATE INDEX entity_segment_%s_key ON entity_segment_%s (source_key) WHERE source_key IS NOT NULL', s, s);
  END LOOP;
END $$;

-- The segment's keys as a Bloom filter, and their range (NULL: unknown, so every import
-- searches the segment). A large import's keys always meet some false positive of a filter,
-- so it is the range that spares it the search when its keys are new ones of their own range.
ALTER TABLE entity_segment
  ADD COLUMN key_filter bytea,
  ADD COLUMN min_key text COLLATE "C",
  ADD COLUMN max_key text COLLATE "C";
-- Filter bits do not compress: store them as they are, without trying.
ALTER TABLE entity_segment ALTER COLUMN key_filter SET STORAGE EXTERNAL;
