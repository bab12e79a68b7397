-- Old addresses that answer 301 with a new one (see the SQLite migration 0018).
CREATE TABLE redirects (
    from_path  TEXT   NOT NULL PRIMARY KEY,
    to_path    TEXT   NOT NULL,
    to_query   TEXT,
    origin     TEXT   NOT NULL CHECK (origin IN ('import', 'newsroom')),
    created_at BIGINT NOT NULL
);
CREATE INDEX redirects_by_target ON redirects (to_path);
CREATE INDEX redirects_newest ON redirects (created_at, from_path);
