-- What a bulk import stored under which key of its origin (see the SQLite
-- migration 0019).
CREATE TABLE import_keys (
    key       TEXT   NOT NULL PRIMARY KEY,
    target_id BIGINT NOT NULL
);
