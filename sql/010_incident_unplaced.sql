-- A case reported by address only (Open311 allows a request with address_string or address_id
-- and no lat/long): it has no point, so no grid, community or street yet, until someone who can
-- see it places it. Such a case belongs to the district as a whole: only a district-wide scope
-- (the command centre; lianqin.scope of 6 digits, as for records outside every grid in 008)
-- sees it, since no street or grid can claim it.
ALTER TABLE incident
  ALTER COLUMN geom DROP NOT NULL,
  ALTER COLUMN grid_code DROP NOT NULL,
  ALTER COLUMN community_code DROP NOT NULL,
  ALTER COLUMN street_code DROP NOT NULL,
  -- Placed (a point and the areas it lies in) or not placed at all, and then found by its address.
  ADD CONSTRAINT incident_placed_or_addressed CHECK (
    (geom IS NOT NULL AND grid_code IS NOT NULL AND community_code IS NOT NULL AND street_code IS NOT NULL)
    OR (geom IS NULL AND grid_code IS NULL AND community_code IS NULL AND street_code IS NULL AND address IS NOT NULL));

-- The district-wide scope sees unplaced cases (grid_code NULL); every other scope, those of its grids.
CREATE OR REPLACE FUNCTION lianqin_case_visible(p_grid text, p_source text, p_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(starts_with(p_grid, lianqin_setting('lianqin.scope'))
                  OR (p_grid IS NULL AND length(lianqin_setting('lianqin.scope')) = 6), false)
     AND (p_source <> 'petition' OR lianqin_setting('lianqin.petitions') = 'on')
     AND (lianqin_setting('lianqin.department') IS NULL
          OR EXISTS (SELECT 1 FROM incident_department d
                     WHERE d.incident_id = p_id AND d.department_code = lianqin_setting('lianqin.department')))
$$;

DROP POLICY incident_in_scope ON incident;
CREATE POLICY incident_in_scope ON incident TO lianqin_app
  USING ((starts_with(grid_code, lianqin_setting('lianqin.scope'))
          OR (grid_code IS NULL AND length(lianqin_setting('lianqin.scope')) = 6))
         AND lianqin_case_visible(grid_code, source, id));
