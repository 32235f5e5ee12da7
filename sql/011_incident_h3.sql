-- The H3 cell of each case, for the analytics (heatmaps, hotspots, forecasts): the resolution-10
-- cell computed with h3-js when the case is written (as entity.h3_r10); coarser cells come from
-- h3_parent(h3_r10, res). Existing cases are filled in by the migration's Node step
-- (api/db/migration-steps.ts), which then adds the CHECK below as the rule from here on.
ALTER TABLE incident ADD COLUMN h3_r10 bigint;
