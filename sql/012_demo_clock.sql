-- The demo's clock: when the loaded year of demo cases ended, how far the start-up has moved it
-- forward since (seeds/pukou/incidents/shift.ts, so a demo restarted weeks later still looks
-- alive), and which rows the load wrote: cases first_case_id..last_case_id, their events and
-- messages up to last_event_id / last_message_id. Rows written later by users are never moved.
-- One row when demo data is loaded, none otherwise.
CREATE TABLE demo_clock (
  one             boolean PRIMARY KEY DEFAULT true CHECK (one),
  loaded_end      timestamptz NOT NULL,
  shifted_days    integer NOT NULL DEFAULT 0 CHECK (shifted_days >= 0),
  shifted_at      timestamptz,
  first_case_id   bigint NOT NULL,
  last_case_id    bigint NOT NULL CHECK (last_case_id >= first_case_id),
  last_event_id   bigint NOT NULL,
  last_message_id bigint NOT NULL
);

-- A demo loaded before this migration ended at the generator's former fixed reference date,
-- 2026-11-01 00:00 Shanghai; its cases are the ones created before it (users' come later).
INSERT INTO demo_clock (loaded_end, first_case_id, last_case_id, last_event_id, last_message_id)
SELECT end_at, c.first_id, c.last_id,
       coalesce((SELECT max(id) FROM incident_event WHERE incident_id <= c.last_id AND at < end_at), 0),
       coalesce((SELECT max(id) FROM citizen_message WHERE incident_id <= c.last_id AND created_at < end_at), 0)
FROM (SELECT timestamptz '2026-11-01 00:00:00+08' AS end_at) e
CROSS JOIN LATERAL (SELECT min(id) AS first_id, max(id) AS last_id FROM incident WHERE created_at < e.end_at) c
WHERE c.last_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM seed_run WHERE finished_at IS NOT NULL AND scale <> 'none');
