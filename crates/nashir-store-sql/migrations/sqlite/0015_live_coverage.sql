-- Live coverage: an article can be a live blog. Its coverage starts and ends on
-- the article row (open while started and not ended; ended can be cleared to
-- reopen it), and its timestamped entries, newest first on the page, live in
-- `live_entries`. Every entry written, edited or deleted is a change readers see:
-- the triggers append the article to the change log, so its page, its fragment
-- and every node's caches follow, as with approved comments.

ALTER TABLE articles ADD COLUMN live_started_at INTEGER;
ALTER TABLE articles ADD COLUMN live_ended_at INTEGER;

CREATE TABLE live_entries (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL CHECK (kind IN ('text', 'image', 'quote')),
    -- Plain text, cleaned: the update, an image's caption, or the quoted words.
    body        TEXT    NOT NULL,
    -- Who said it (quotes only).
    attribution TEXT    NOT NULL DEFAULT '',
    -- The picture of an image entry (its alt text is required, as everywhere).
    media_id    INTEGER REFERENCES media (id) ON DELETE SET NULL,
    created_at  INTEGER NOT NULL,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    edited_at   INTEGER,
    edited_by   INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX live_entries_by_article ON live_entries (article_id, created_at, id);

CREATE TRIGGER live_entries_log_insert AFTER INSERT ON live_entries
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (NEW.article_id, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER live_entries_log_update AFTER UPDATE ON live_entries
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (NEW.article_id, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER live_entries_log_delete AFTER DELETE ON live_entries
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (OLD.article_id, CAST(strftime('%s', 'now') AS INTEGER));
END;
