-- entity.attrs holds its JSON as text: PostgreSQL no longer parses every record's attributes
-- to validate them on the way in, which was an eighth of the database's work in a large
-- import's COPY (the receiving phase of 2M rows ran about 13 % faster). Only the import's own
-- writer (api/imports/attributes.ts, fast-rows.ts) and the seed write it, always JSON objects;
-- readers parse it (api/entities/queries.ts) or cast it in SQL (attrs::json ->> 'name').
ALTER TABLE entity ALTER COLUMN attrs DROP DEFAULT;
ALTER TABLE entity ALTER COLUMN attrs TYPE text;
ALTER TABLE entity ALTER COLUMN attrs SET DEFAULT '{}';
