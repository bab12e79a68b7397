-- Readers' comments, the mail outbox, one table for every rate limit, and secrets
-- every node of a site shares.

-- Sign-in failures, comments, mails sent...: events by key, counted over a window.
ALTER TABLE login_failures RENAME TO rate_events;
DROP INDEX login_failures_by_key;
CREATE INDEX rate_events_by_key ON rate_events (key, at);

ALTER TABLE articles ADD COLUMN comments_open INTEGER NOT NULL DEFAULT 1;

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    -- Replies are one level deep: a parent is always a top-level comment.
    parent_id    INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    author_name  TEXT    NOT NULL,
    author_email TEXT,                    -- for the newsroom only, never shown
    body         TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'approved', 'rejected', 'spam')),
    -- Digest of the folded text, to catch the same comment sent twice.
    fingerprint  TEXT    NOT NULL,
    address      TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    moderated_at INTEGER,
    moderated_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX comments_by_article ON comments (article_id, status, created_at);
CREATE INDEX comments_by_status ON comments (status, created_at);
CREATE INDEX comments_by_fingerprint ON comments (fingerprint, created_at);

-- What readers see of an article changes when a comment is approved or leaves
-- the approved list: caches on every node follow the change log.
CREATE TRIGGER comments_log_update AFTER UPDATE OF status ON comments
WHEN OLD.status = 'approved' OR NEW.status = 'approved'
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (NEW.article_id, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER comments_log_delete AFTER DELETE ON comments
WHEN OLD.status = 'approved'
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (OLD.article_id, CAST(strftime('%s', 'now') AS INTEGER));
END;

-- Mail waiting to go, and what went: the request that writes a message returns
-- once it is here; a worker on any node claims it, sends it, and marks it sent.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    kind            TEXT    NOT NULL,     -- 'friend', 'comment-notice'
    recipient       TEXT    NOT NULL,
    sender          TEXT    NOT NULL,     -- the envelope's MAIL FROM
    message         BLOB    NOT NULL,     -- the whole RFC 5322 message, as sent
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,              -- a worker holds it until then
    sent_at         INTEGER,
    failed_at       INTEGER,              -- given up after the last attempt
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Secrets shared by every node (the key that signs public forms).
CREATE TABLE site_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
