-- Data versions of the vector tiles (api/tiles/versions.ts): a statement-level trigger on each
-- table a tile layer reads counts the group's changes in a sequence and notifies the channel
-- tile_data with the group's name. NOTIFY is delivered at commit, so a server that LISTENs
-- (PostgreSQL) drops its cached tiles only once the change is visible; the embedded database,
-- which runs one transaction at a time, reads the sequences instead. One trigger per
-- statement, not per row: a bulk load costs one nextval and one notification.
CREATE SEQUENCE tile_version_network;
CREATE SEQUENCE tile_version_components;
CREATE SEQUENCE tile_version_incidents;

-- SECURITY DEFINER: writes made as lianqin_app (api/auth/scope.ts) move the sequence too.
CREATE FUNCTION tile_data_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM nextval('tile_version_' || TG_ARGV[0]);
  PERFORM pg_notify('tile_data', TG_ARGV[0]);
  RETURN NULL;
END
$$;

CREATE TRIGGER division_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON division
  FOR EACH STATEMENT EXECUTE FUNCTION tile_data_changed('network');
CREATE TRIGGER grid_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON grid
  FOR EACH STATEMENT EXECUTE FUNCTION tile_data_changed('network');
CREATE TRIGGER entity_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON entity
  FOR EACH STATEMENT EXECUTE FUNCTION tile_data_changed('components');
CREATE TRIGGER city_component_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON city_component
  FOR EACH STATEMENT EXECUTE FUNCTION tile_data_changed('components');
CREATE TRIGGER incident_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident
  FOR EACH STATEMENT EXECUTE FUNCTION tile_data_changed('incidents');
-- A department's account sees the cases dispatched to it: a dispatch changes its tiles.
CREATE TRIGGER incident_department_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON incident_department
  FOR EACH STATEMENT EXECUTE FUNCTION tile_data_changed('incidents');

-- The city component tiles are read under the reader's scope (row-level security on entity).
GRANT SELECT ON city_component TO lianqin_app;

-- Case tiles read cases by area under row-level security. PostgreSQL evaluates the policy
-- before any filter of the query whose function is not LEAKPROOF, and an index condition is
-- such a filter: PostGIS does not mark `&&` (geometry_overlaps) leakproof, so `geom && box`
-- could not use the GiST index and every tile scanned every case (16 s for an empty tile over
-- 1M cases). `&&` compares two bounding boxes and answers true or false; the one error it can
-- raise (mixed SRIDs) says nothing of a hidden row, whose geometry columns are typed 4326.
-- An upgrade of PostGIS that replaces the function drops the mark: tiles get slow, not wrong.
ALTER FUNCTION geometry_overlaps(geometry, geometry) LEAKPROOF;

-- The same policy as 010's, with the conditions that need no other table written out, so that
-- PostgreSQL inlines them: the SECURITY DEFINER function (~15 µs a row) runs only for a
-- department's scope, which must look at incident_department.
DROP POLICY incident_in_scope ON incident;
CREATE POLICY incident_in_scope ON incident TO lianqin_app
  USING ((starts_with(grid_code, lianqin_setting('lianqin.scope'))
          OR (grid_code IS NULL AND length(lianqin_setting('lianqin.scope')) = 6))
         AND (source <> 'petition' OR lianqin_setting('lianqin.petitions') = 'on')
         AND (lianqin_setting('lianqin.department') IS NULL OR lianqin_case_visible(grid_code, source, id)));
