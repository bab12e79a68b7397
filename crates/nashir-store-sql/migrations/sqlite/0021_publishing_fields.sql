-- The editor's publishing fields: a slug chosen by hand (`slug` stays the one in
-- use, made from the headline when none is chosen: reads need not know), the
-- description search engines and shares show, the headline shares show, and the
-- picture they show. The text ones are kept by every revision, as the title is;
-- the picture, like the featured image, is not.

ALTER TABLE articles ADD COLUMN custom_slug TEXT;
ALTER TABLE articles ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN social_title TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN social_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL;

ALTER TABLE revisions ADD COLUMN custom_slug TEXT;
ALTER TABLE revisions ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE revisions ADD COLUMN social_title TEXT NOT NULL DEFAULT '';
