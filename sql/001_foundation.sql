-- Foundation: the four-level network (district → street → community → grid), grid staff,
-- departments, the grid database (categories, entities, city components).
-- Must run on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18) + PostGIS 3.6.

CREATE EXTENSION IF NOT EXISTS postgis;

-- District, streets (incl. special zones) and communities, from the official division codes.
CREATE TABLE division (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'),
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('district', 'street', 'community')),
  -- street: 'street' (街道) or 'special_zone' (林场/农场/开发区); community: 'community' (社区) or 'village' (村)
  kind        text NOT NULL,
  parent_code text REFERENCES division (code),
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  area_km2    double precision NOT NULL,
  CHECK ((level = 'district') = (parent_code IS NULL)),
  CHECK (length(code) = CASE level WHEN 'district' THEN 6 WHEN 'street' THEN 9 ELSE 12 END)
);
CREATE INDEX division_parent_idx ON division (parent_code);
CREATE INDEX division_geom_idx ON division USING gist (geom);

-- Grids are versioned: a boundary change closes the current row (valid_to) and adds a new one.
-- Exactly one current row (valid_to IS NULL) per code.
CREATE TABLE grid (
  id             bigserial PRIMARY KEY,
  code           text NOT NULL CHECK (code ~ '^[0-9]{15}$'),
  name           text NOT NULL,
  community_code text NOT NULL REFERENCES division (code),
  street_code    text NOT NULL REFERENCES division (code),
  kind           text NOT NULL CHECK (kind IN ('urban', 'rural')),
  households     integer NOT NULL CHECK (households >= 0),
  population     integer NOT NULL CHECK (population >= 0),
  geom           geometry(MultiPolygon, 4326) NOT NULL,
  area_km2       double precision NOT NULL,
  version        integer NOT NULL DEFAULT 1,
  valid_from     timestamptz NOT NULL DEFAULT now(),
  valid_to       timestamptz,
  CHECK (valid_to IS NULL OR valid_to > valid_from),
  CHECK (substr(code, 1, 12) = community_code AND substr(code, 1, 9) = street_code)
);
CREATE UNIQUE INDEX grid_current_code_idx ON grid (code) WHERE valid_to IS NULL;
CREATE INDEX grid_current_geom_idx ON grid USING gist (geom) WHERE valid_to IS NULL;
CREATE INDEX grid_community_idx ON grid (community_code) WHERE valid_to IS NULL;

CREATE TABLE grid_staff (
  id        bigserial PRIMARY KEY,
  grid_code text NOT NULL,
  role      text NOT NULL CHECK (role IN ('grid_leader', 'policy_publicist', 'information_officer',
                                         'aid_officer', 'dispute_mediator', 'building_head')),
  name      text NOT NULL,
  phone     text,
  full_time boolean NOT NULL DEFAULT false
);
CREATE INDEX grid_staff_grid_idx ON grid_staff (grid_code);

-- The 55 departments the district command centre can bring in.
CREATE TABLE department (
  code    text PRIMARY KEY,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  kind    text NOT NULL,
  phone   text
);

-- The 167 categories of the grid database, in five domains.
CREATE TABLE category (
  code     text PRIMARY KEY,
  domain   text NOT NULL CHECK (domain IN ('resident_population', 'registered_population',
                                           'floating_population', 'legal_entity', 'city_component')),
  name_zh  text NOT NULL,
  name_en  text NOT NULL,
  -- GB/T 47678.5-2026 5-digit component class code, for city components
  gb_code  text CHECK (gb_code ~ '^[0-9]{5}$'),
  -- records of this category carry personal data (names, ID-card and phone numbers)
  personal boolean NOT NULL DEFAULT false,
  CHECK ((domain = 'city_component') = (gb_code IS NOT NULL))
);

-- A record of the grid database: a person, a legal entity or a city component, at a point.
-- grid_code is NULL for records outside every grid (kept and flagged, never dropped).
-- H3 cells are computed in Node (h3-js) at write time; there is no h3 extension on Debian.
CREATE TABLE entity (
  id            bigint PRIMARY KEY,
  category_code text NOT NULL REFERENCES category (code),
  source_key    text,
  grid_code     text,
  geom          geometry(Point, 4326) NOT NULL,
  h3_r7         bigint NOT NULL,
  h3_r8         bigint NOT NULL,
  h3_r9         bigint NOT NULL,
  h3_r10        bigint NOT NULL,
  attrs         jsonb NOT NULL DEFAULT '{}'::jsonb,
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE entity_id_seq OWNED BY entity.id;
ALTER TABLE entity ALTER COLUMN id SET DEFAULT nextval('entity_id_seq');

-- City components (管理部件): 17-digit ID = 6-digit district + 5-digit class + 6-digit sequence.
CREATE TABLE city_component (
  entity_id        bigint PRIMARY KEY REFERENCES entity (id) ON DELETE CASCADE,
  component_id     text NOT NULL UNIQUE CHECK (component_id ~ '^[0-9]{17}$'),
  class_code       text NOT NULL CHECK (class_code ~ '^[0-9]{5}$'),
  state            text NOT NULL DEFAULT 'in_order' CHECK (state IN ('in_order', 'out_of_order')),
  state_changed_at timestamptz
);

-- Secondary indexes on entity are created after bulk loads (see seeds); these are the ones
-- every scale needs.
CREATE INDEX entity_grid_idx ON entity (grid_code, category_code);
CREATE INDEX entity_geom_idx ON entity USING gist (geom);
CREATE UNIQUE INDEX entity_source_key_idx ON entity (category_code, source_key) WHERE source_key IS NOT NULL;

-- Which demo data is loaded: a run without finished_at was interrupted and is redone.
CREATE TABLE seed_run (
  id          serial PRIMARY KEY,
  scale       text NOT NULL,
  seed        integer NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
