-- entity_segment.min_key and max_key were added to 005 after 005 had first been released, so a
-- database migrated by that first 005 lacks them (and every large import would fail to record
-- its segment). Elsewhere this changes nothing.
ALTER TABLE entity_segment
  ADD COLUMN IF NOT EXISTS min_key text COLLATE "C",
  ADD COLUMN IF NOT EXISTS max_key text COLLATE "C";
