-- Grid database at scale: import jobs and their rejected rows, and per-grid × category counts
-- that keep statistics current without recounting the entity table.
-- Must run on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18) + PostGIS 3.6.

-- One import of a file (API upload or CLI). Rows go to an UNLOGGED staging table
-- (import_staging_<id>) while the file is read, then one transaction merges them into entity,
-- so a crash or kill mid-import leaves entity as it was. No foreign keys: a forced re-seed
-- truncates category and entity, and must not take the import history with it.
CREATE TABLE import_job (
  id                bigserial PRIMARY KEY,
  -- pending: created, waiting for its data; receiving: reading the file into staging;
  -- merging: the merge transaction is running; done / failed: finished.
  status            text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'receiving', 'merging', 'done', 'failed')),
  format            text NOT NULL CHECK (format IN ('csv', 'ndjson', 'geojson')),
  -- as requested (auto | utf-8 | gbk | gb18030) and as found in the file
  encoding          text NOT NULL,
  detected_encoding text,
  -- category of rows whose mapping gives none
  category_code     text,
  -- of the coordinates in the file: 4326 (WGS84), 4490 (CGCS2000), 4549 or 4528 (CGCS2000 GK CM 120E)
  srid              integer NOT NULL DEFAULT 4326,
  mapping           jsonb NOT NULL DEFAULT '{}'::jsonb,
  filename          text,
  origin            text NOT NULL DEFAULT 'api' CHECK (origin IN ('api', 'cli')),
  -- expected size of the file when known (Content-Length, file size), for progress and ETA
  bytes_total       bigint,
  bytes_read        bigint NOT NULL DEFAULT 0,
  rows_read         bigint NOT NULL DEFAULT 0,
  rows_accepted     bigint NOT NULL DEFAULT 0,
  rows_rejected     bigint NOT NULL DEFAULT 0,
  rows_inserted     bigint NOT NULL DEFAULT 0,
  rows_updated      bigint NOT NULL DEFAULT 0,
  -- re-imported rows identical to the stored record (left as they were)
  rows_unchanged    bigint NOT NULL DEFAULT 0,
  rows_outside_grid bigint NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL DEFAULT now(),
  started_at        timestamptz,
  merge_started_at  timestamptz,
  finished_at       timestamptz,
  error             text
);
CREATE INDEX import_job_active_idx ON import_job (status) WHERE status IN ('receiving', 'merging');

-- Rows an import did not take, with the line (for GeoJSON: the feature's 1-based position)
-- and why. Written in autocommit batches while the file is read, so they survive a failed import.
CREATE TABLE import_rejection (
  import_id bigint NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
  line      bigint NOT NULL,
  reason    text NOT NULL,
  -- the row as read (truncated), for the operator to fix and re-send
  raw       text,
  PRIMARY KEY (import_id, line)
);

-- Records per current grid and category; grid_code '' holds the records outside every grid.
-- Kept current by each import's merge (in its transaction); rebuilt from entity after a seed.
CREATE TABLE grid_category_count (
  grid_code     text NOT NULL,
  category_code text NOT NULL,
  n             bigint NOT NULL CHECK (n >= 0),
  PRIMARY KEY (grid_code, category_code)
);
