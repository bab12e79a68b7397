-- Old addresses that answer 301 with a new one (a WordPress site's links, an
-- article's former address). The key is the old path as `redirects::normalize_from`
-- writes it: percent-decoded, no trailing slash, with its query (parameters
-- sorted) only when one is part of the redirect (`/?p=123`). The target is a path
-- on this site, kept as path and query apart so that "is this path some
-- redirect's target?" (a chain) is one indexed read.
CREATE TABLE redirects (
    from_path  TEXT    NOT NULL PRIMARY KEY,
    to_path    TEXT    NOT NULL,
    to_query   TEXT,
    origin     TEXT    NOT NULL CHECK (origin IN ('import', 'newsroom')),
    created_at INTEGER NOT NULL
);
CREATE INDEX redirects_by_target ON redirects (to_path);
-- The newsroom lists them newest first.
CREATE INDEX redirects_newest ON redirects (created_at, from_path);
