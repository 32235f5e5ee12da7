-- Identity: accounts with a role and a jurisdiction, sessions, API credentials (Open311 keys,
-- tracker device tokens), the log of unmasked personal-data reads, citizens' own tickets, and
-- row-level security that keeps a request's cases and records inside its user's jurisdiction.
-- Must run on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18) + PostGIS 3.6.

-- A jurisdiction is a division or grid code; grid codes nest (district 6 digits, street 9,
-- community 12, grid 15), so "inside the jurisdiction" is "the grid code starts with it".
CREATE TABLE app_user (
  id              bigserial PRIMARY KEY,
  username        text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name    text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  role            text NOT NULL CHECK (role IN ('citizen', 'grid_worker', 'street_dispatcher', 'district_commander',
                                                'department_staff', 'analyst', 'planner', 'admin')),
  jurisdiction    text CHECK (jurisdiction ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  department_code text REFERENCES department (code),
  -- scrypt$N$r$p$salt$hash (api/auth/password.ts)
  password_hash   text NOT NULL,
  -- created by the demo seed with the documented demo password
  demo            boolean NOT NULL DEFAULT false,
  disabled_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'citizen') = (jurisdiction IS NULL)),
  CHECK ((role = 'department_staff') = (department_code IS NOT NULL)),
  CHECK (role <> 'grid_worker' OR length(jurisdiction) = 15),
  CHECK (role <> 'street_dispatcher' OR length(jurisdiction) = 9)
);

-- A session is known by the SHA-256 of its token; the token itself is only ever with the client.
CREATE TABLE app_session (
  id         bigserial PRIMARY KEY,
  token_hash bytea NOT NULL UNIQUE,
  user_id    bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (expires_at > created_at)
);
CREATE INDEX app_session_user_idx ON app_session (user_id) WHERE revoked_at IS NULL;

-- Machine credentials, each kind with its own use: an Open311 api_key for a client that posts
-- requests, a tracker device token for a patrol unit's GPS tracker.
CREATE TABLE api_credential (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('open311', 'tracker')),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  token_hash   bytea NOT NULL UNIQUE,
  -- the first characters, so an administrator can tell keys apart
  hint         text NOT NULL,
  demo         boolean NOT NULL DEFAULT false,
  created_by   bigint REFERENCES app_user (id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE UNIQUE INDEX api_credential_live_name_idx ON api_credential (kind, name) WHERE revoked_at IS NULL;

-- Every read that showed personal data unmasked: who, what, when. No foreign key, so the log
-- outlives the account; append-only.
CREATE TABLE personal_data_access (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  user_id  bigint NOT NULL,
  username text NOT NULL,
  role     text NOT NULL,
  -- what was read: 'incident.reporter', 'entity', 'import.rejections'
  resource text NOT NULL,
  -- which: a case id, an import id, or the filter of a page of records
  subject  text NOT NULL,
  records  integer NOT NULL CHECK (records >= 0)
);
CREATE INDEX personal_data_access_at_idx ON personal_data_access (at DESC, id DESC);
CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END
$$;
CREATE TRIGGER personal_data_access_append_only BEFORE UPDATE OR DELETE ON personal_data_access
  FOR EACH ROW EXECUTE FUNCTION append_only();

-- The cases a signed-in citizen reported: their tickets open without the access token.
CREATE TABLE citizen_ticket (
  user_id     bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  incident_id bigint NOT NULL REFERENCES incident (id),
  PRIMARY KEY (user_id, incident_id)
);

-- Server secrets made once per database: 'ticket' keys the public tickets' access tokens
-- (HMAC of the case id), so a retried report gets the same token without storing it.
CREATE TABLE server_secret (
  name  text PRIMARY KEY,
  value bytea NOT NULL CHECK (length(value) >= 32)
);
INSERT INTO server_secret (name, value)
SELECT 'ticket', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex');

ALTER TABLE import_job ADD COLUMN created_by bigint;

-- The account behind each step of a case (actor_name is what people read).
ALTER TABLE incident_event ADD COLUMN actor_user text;

-- Row-level security. The server connects as a superuser (migrations need one for PostGIS),
-- which RLS does not apply to; a request that reads cases or records runs its transaction as
-- lianqin_app with its user's scope in transaction-local settings (api/auth/scope.ts):
--   lianqin.scope       the jurisdiction's code: only grid codes starting with it are visible
--   lianqin.department  a department's code: only cases dispatched to it
--   lianqin.petitions   'on' when the role may read petition (信访) cases one by one
-- An unset or empty setting shows nothing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lianqin_app') THEN
    CREATE ROLE lianqin_app NOLOGIN;
  END IF;
END $$;

CREATE FUNCTION lianqin_setting(name text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting(name, true), '')
$$;

-- Whether the request's user may see a case (SECURITY DEFINER: reads incident_department
-- without its own policy, which would loop back here).
CREATE FUNCTION lianqin_case_visible(p_grid text, p_source text, p_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(starts_with(p_grid, lianqin_setting('lianqin.scope')), false)
     AND (p_source <> 'petition' OR lianqin_setting('lianqin.petitions') = 'on')
     AND (lianqin_setting('lianqin.department') IS NULL
          OR EXISTS (SELECT 1 FROM incident_department d
                     WHERE d.incident_id = p_id AND d.department_code = lianqin_setting('lianqin.department')))
$$;

CREATE FUNCTION lianqin_case_visible(p_id bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce((SELECT lianqin_case_visible(i.grid_code, i.source, i.id) FROM incident i WHERE i.id = p_id), false)
$$;

ALTER TABLE incident ENABLE ROW LEVEL SECURITY;
CREATE POLICY incident_in_scope ON incident TO lianqin_app
  USING (starts_with(grid_code, lianqin_setting('lianqin.scope')) AND lianqin_case_visible(grid_code, source, id));

ALTER TABLE incident_department ENABLE ROW LEVEL SECURITY;
CREATE POLICY incident_department_in_scope ON incident_department TO lianqin_app USING (lianqin_case_visible(incident_id));
ALTER TABLE incident_event ENABLE ROW LEVEL SECURITY;
CREATE POLICY incident_event_in_scope ON incident_event TO lianqin_app USING (lianqin_case_visible(incident_id));
ALTER TABLE incident_photo ENABLE ROW LEVEL SECURITY;
CREATE POLICY incident_photo_in_scope ON incident_photo TO lianqin_app USING (lianqin_case_visible(incident_id));
ALTER TABLE citizen_message ENABLE ROW LEVEL SECURITY;
CREATE POLICY citizen_message_in_scope ON citizen_message TO lianqin_app USING (lianqin_case_visible(incident_id));

-- Records: those of grids inside the jurisdiction; the few outside every grid, district-wide only.
ALTER TABLE entity ENABLE ROW LEVEL SECURITY;
CREATE POLICY entity_in_scope ON entity TO lianqin_app
  USING (starts_with(grid_code, lianqin_setting('lianqin.scope'))
         OR (grid_code IS NULL AND length(lianqin_setting('lianqin.scope')) = 6));

GRANT USAGE ON SCHEMA public TO lianqin_app;
GRANT SELECT ON incident, incident_department, incident_event, incident_photo, citizen_message, entity, category,
                division, grid, department, incident_category, grid_category_count TO lianqin_app;
GRANT UPDATE ON incident TO lianqin_app;
GRANT INSERT, UPDATE, DELETE ON incident_department TO lianqin_app;
GRANT INSERT ON incident_event, incident_photo, citizen_message TO lianqin_app;
GRANT USAGE ON SEQUENCE incident_event_id_seq, incident_photo_id_seq, citizen_message_id_seq TO lianqin_app;
