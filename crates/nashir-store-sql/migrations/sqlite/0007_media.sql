-- Uploaded images: the files live in the media store (data/media/<id>/<width>.<ext>);
-- the rows say what exists.
CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    ext        TEXT    NOT NULL CHECK (ext IN ('jpg', 'png', 'webp')),
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    widths     TEXT    NOT NULL,            -- JSON array of the widths stored
    alt        TEXT    NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

ALTER TABLE articles ADD COLUMN featured_media_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
