-- Corrections readers see, urgent bulletins, the fronts editors curate, who has
-- a story open, and drafts waiting for review.

-- A correction's note, shown under its article with its date. Written in the
-- transaction of the save that corrects the article (which logs the change).
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    note       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX corrections_by_article ON corrections (article_id, created_at);
CREATE INDEX corrections_by_time ON corrections (created_at);

-- Urgent (عاجل): a line shown on every page of its edition until it expires,
-- linking to an article or standing alone.
CREATE TABLE urgent (
    id         INTEGER PRIMARY KEY,
    language   TEXT    NOT NULL DEFAULT 'ar',
    text       TEXT    NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX urgent_by_expiry ON urgent (language, expires_at);

-- The stories editors place on a front: `front` 0 is the home page, any other
-- value a section's id; position 0 is the lead, then the featured slots.
CREATE TABLE front_slots (
    front      INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (front, position)
);
CREATE INDEX front_slots_by_article ON front_slots (article_id);

-- Kept at the top of the home page's featured stories (WordPress's sticky posts).
ALTER TABLE articles ADD COLUMN sticky INTEGER NOT NULL DEFAULT 0;

-- Who has a story open in the editor, refreshed while the page is open: a hint to
-- others, gone two minutes after the last refresh.
CREATE TABLE editing (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seen_at    INTEGER NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

-- A draft sent for review, and the editor's answer when it is sent back.
CREATE TABLE reviews (
    article_id   INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    state        TEXT    NOT NULL CHECK (state IN ('submitted', 'returned')),
    note         TEXT    NOT NULL DEFAULT '',
    requested_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    requested_at INTEGER NOT NULL,
    answered_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    answered_at  INTEGER
);
CREATE INDEX reviews_by_state ON reviews (state, requested_at);

-- Urgent lines and fronts show on many pages: a change to either is a site change.
CREATE TRIGGER urgent_log_insert AFTER INSERT ON urgent
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER urgent_log_update AFTER UPDATE ON urgent
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER urgent_log_delete AFTER DELETE ON urgent
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER front_slots_log_insert AFTER INSERT ON front_slots
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER front_slots_log_update AFTER UPDATE ON front_slots
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER front_slots_log_delete AFTER DELETE ON front_slots
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;
