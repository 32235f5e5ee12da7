-- Incident cases: the two-level response workflow (grid → street sub-centre → district centre),
-- time limits over a working calendar, citizen reporting. See api/incidents/workflow.ts for the
-- state machine; every change of a case is one row of the append-only incident_event.
-- Must run on PostgreSQL 15 + PostGIS 3.3 and on PGlite (PostgreSQL 18) + PostGIS 3.6.

-- GB/T 47678.5-2026 managed matters (管理事项): the case categories.
CREATE TABLE incident_category (
  code       text PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
  major_code text NOT NULL CHECK (major_code ~ '^[0-9]{2}$' AND major_code = substr(code, 1, 2)),
  major_name text NOT NULL,
  name       text NOT NULL
);

-- Time limits per major class (or one category, which wins) × level × priority.
-- working_days count 8 working hours each (08:00–12:00, 14:00–18:00 on working days).
CREATE TABLE time_limit (
  id            serial PRIMARY KEY,
  major_code    text NOT NULL CHECK (major_code ~ '^[0-9]{2}$'),
  category_code text REFERENCES incident_category (code),
  level         text NOT NULL CHECK (level IN ('grid', 'street', 'district')),
  priority      text NOT NULL CHECK (priority IN ('normal', 'urgent')),
  amount        numeric NOT NULL CHECK (amount > 0),
  unit          text NOT NULL CHECK (unit IN ('working_hours', 'working_days', 'calendar_hours')),
  CHECK (category_code IS NULL OR substr(category_code, 1, 2) = major_code)
);
CREATE UNIQUE INDEX time_limit_rule_idx ON time_limit (major_code, coalesce(category_code, ''), level, priority);

-- Public holidays (working = false) and make-up working days (调休, working = true) in China;
-- other days follow the week (Monday–Friday working).
CREATE TABLE calendar_exception (
  day     date PRIMARY KEY,
  working boolean NOT NULL,
  name    text NOT NULL
);

-- Public ticket number: 'PK' + report date (Asia/Shanghai, YYMMDD) + the case id scrambled by
-- a bijection of 0..9,999,999, so consecutive cases do not get consecutive tickets.
CREATE FUNCTION incident_ticket(reported timestamptz, n bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT 'PK' || to_char(reported AT TIME ZONE 'Asia/Shanghai', 'YYMMDD')
              || lpad((((n % 10000000) * 7919317 + 4242421) % 10000000)::text, 7, '0')
$$;

CREATE TABLE incident (
  id                bigserial PRIMARY KEY,
  ticket            text NOT NULL UNIQUE,
  source            text NOT NULL CHECK (source IN ('patrol', 'citizen_app', 'hotline_12345', 'petition', 'video', 'superior')),
  category_code     text NOT NULL REFERENCES incident_category (code),
  priority          text NOT NULL CHECK (priority IN ('normal', 'urgent')),
  status            text NOT NULL CHECK (status IN ('reported', 'verified', 'registered', 'dispatched', 'handling',
                                                    'handled', 'checked', 'closed', 'evaluated', 'voided', 'suspended')),
  level             text NOT NULL CHECK (level IN ('grid', 'street', 'district')),
  geom              geometry(Point, 4326) NOT NULL,
  -- assigned from the point at creation (the grid of that moment; grids are versioned)
  grid_code         text NOT NULL,
  community_code    text NOT NULL,
  street_code       text NOT NULL,
  address           text,
  description       text NOT NULL,
  -- personal data: masked on every public endpoint
  reporter_name     text,
  reporter_phone    text,
  reported_by       text NOT NULL,
  self_handled      boolean NOT NULL DEFAULT false,
  assignee          text,
  created_at        timestamptz NOT NULL,
  registered_at     timestamptz,
  dispatched_at     timestamptz,
  handled_at        timestamptz,
  closed_at         timestamptz,
  closed_level      text CHECK (closed_level IN ('grid', 'street', 'district')),
  closed_on_time    boolean,
  -- the clock of the current level: limit_minutes (incl. extensions) on the unit's clock from
  -- clock_started_at, plus paused_minutes spent suspended; due_at/warn_at (80 % used) follow
  limit_unit        text CHECK (limit_unit IN ('working_hours', 'working_days', 'calendar_hours')),
  limit_minutes     double precision,
  clock_started_at  timestamptz,
  paused_minutes    double precision NOT NULL DEFAULT 0,
  due_at            timestamptz,
  warn_at           timestamptz,
  suspended_at      timestamptz,
  suspended_from    text,
  suspended_seconds double precision NOT NULL DEFAULT 0,
  suspend_count     integer NOT NULL DEFAULT 0,
  extension_count   integer NOT NULL DEFAULT 0,
  rework_count      integer NOT NULL DEFAULT 0,
  urge_count        integer NOT NULL DEFAULT 0,
  reopen_count      integer NOT NULL DEFAULT 0,
  rating            smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment    text,
  rated_at          timestamptz,
  version           integer NOT NULL DEFAULT 1,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX incident_created_idx ON incident (created_at DESC, id DESC);
CREATE INDEX incident_due_order_idx ON incident ((coalesce(due_at, 'infinity'::timestamptz)), id);
CREATE INDEX incident_registered_idx ON incident (registered_at);
CREATE INDEX incident_street_idx ON incident (street_code, created_at);
CREATE INDEX incident_community_idx ON incident (community_code, created_at);
CREATE INDEX incident_grid_idx ON incident (grid_code, created_at);
CREATE INDEX incident_category_idx ON incident (category_code, created_at);
CREATE INDEX incident_open_due_idx ON incident (due_at) WHERE closed_at IS NULL;
CREATE INDEX incident_status_idx ON incident (status);
CREATE INDEX incident_geom_idx ON incident USING gist (geom);

-- The departments a case is dispatched to (several at once at district level: joint enforcement).
CREATE TABLE incident_department (
  incident_id     bigint NOT NULL REFERENCES incident (id),
  department_code text NOT NULL REFERENCES department (code),
  status          text NOT NULL CHECK (status IN ('dispatched', 'handling', 'done', 'returned')),
  dispatched_at   timestamptz NOT NULL,
  accepted_at     timestamptz,
  finished_at     timestamptz,
  PRIMARY KEY (incident_id, department_code)
);
CREATE INDEX incident_department_code_idx ON incident_department (department_code);

-- Every transition of every case, with actor, time and note. Append-only.
CREATE TABLE incident_event (
  id          bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incident (id),
  seq         integer NOT NULL,
  action      text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  from_level  text,
  to_level    text NOT NULL,
  actor_role  text NOT NULL,
  actor_name  text NOT NULL,
  actor_department text,
  note        text,
  data        jsonb,
  at          timestamptz NOT NULL,
  UNIQUE (incident_id, seq)
);

CREATE FUNCTION incident_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'incident_event is append-only: % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER incident_event_append_only BEFORE UPDATE OR DELETE ON incident_event
  FOR EACH ROW EXECUTE FUNCTION incident_event_append_only();

CREATE TABLE incident_photo (
  id           bigserial PRIMARY KEY,
  incident_id  bigint NOT NULL REFERENCES incident (id),
  stage        text NOT NULL CHECK (stage IN ('report', 'feedback')),
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
  size         integer NOT NULL CHECK (size > 0 AND size <= 5242880),
  bytes        bytea NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX incident_photo_incident_idx ON incident_photo (incident_id);

-- A client's Idempotency-Key per endpoint (scope): the request's hash and what it created, so a
-- retry answers the same case and a reused key with another body is refused.
CREATE TABLE idempotency_key (
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  snapshot     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);

-- The thread between a citizen and the command centre about one case.
CREATE TABLE citizen_message (
  id          bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incident (id),
  author      text NOT NULL CHECK (author IN ('citizen', 'centre')),
  author_name text,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL
);
CREATE INDEX citizen_message_incident_idx ON citizen_message (incident_id, id);

CREATE TABLE news (
  id           serial PRIMARY KEY,
  title        text NOT NULL,
  summary      text NOT NULL,
  body         text NOT NULL,
  published_at timestamptz NOT NULL
);
