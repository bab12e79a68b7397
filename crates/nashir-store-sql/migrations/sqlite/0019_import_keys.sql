-- What a bulk import (a WordPress export) stored under which key of its origin:
-- a comment, an image. Importing the same file again finds them and updates in
-- place instead of adding them twice. (Articles carry their key themselves.)
CREATE TABLE import_keys (
    key       TEXT    NOT NULL PRIMARY KEY,
    target_id INTEGER NOT NULL
);
