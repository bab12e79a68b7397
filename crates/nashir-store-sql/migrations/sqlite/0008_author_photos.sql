-- An author profile's photo: an uploaded image.
ALTER TABLE authors ADD COLUMN photo_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
