-- Case creation notifies tile_data after its commit instead of inside its transaction.
-- PostgreSQL serialises the commits of transactions that NOTIFY (a database-wide lock held
-- from before the commit until after its WAL flush, so no group commit): with 32 writers the
-- one-statement case insert ran at 566–1,129/s with the notification and 1,940–2,534/s without
-- it (same run, rounds alternating, a shared machine). A writer that sets
-- lianqin.tile_notify = 'after_commit' for its transaction still moves the group's sequence
-- here, and sends the notification itself once committed (api/tiles/after-commit.ts); every
-- other writer notifies as before. The sequences are unchanged, so the embedded database,
-- which reads them, is unaffected.
CREATE OR REPLACE FUNCTION tile_data_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM nextval('tile_version_' || TG_ARGV[0]);
  IF coalesce(current_setting('lianqin.tile_notify', true), '') <> 'after_commit' THEN
    PERFORM pg_notify('tile_data', TG_ARGV[0]);
  END IF;
  RETURN NULL;
END
$$;
