-- The analyses (heatmap, hotspots, emerging hotspots, forecasts) count cases per H3 cell in a
-- time window, and read nothing else of a case but its grid, category and source: this index
-- answers them by an index-only scan of ~70 bytes per case instead of the ~500-byte rows
-- (1M cases: 68 MB against 501 MB of table).
CREATE INDEX incident_analytics_idx ON incident (created_at) INCLUDE (h3_r10, grid_code, category_code, source);
