-- The newsroom's language per user (see the SQLite migration 0022).

ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'ar'
    CHECK (language IN ('ar', 'en', 'fa'));
