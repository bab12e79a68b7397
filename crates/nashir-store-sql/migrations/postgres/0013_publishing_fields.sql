-- The editor's publishing fields (see the SQLite migration 0021).

ALTER TABLE articles ADD COLUMN custom_slug TEXT;
ALTER TABLE articles ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN social_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN social_media_id BIGINT REFERENCES media (id) ON DELETE SET NULL;

ALTER TABLE revisions ADD COLUMN custom_slug TEXT;
ALTER TABLE revisions ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN social_title TEXT NOT NULL DEFAULT '';
