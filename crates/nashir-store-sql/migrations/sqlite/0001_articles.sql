-- Nashir's first schema: sections, authors, articles and their revisions.
-- Timestamps are UTC seconds since the Unix epoch (INTEGER).

CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);

CREATE TABLE authors (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    bio        TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    language     TEXT    NOT NULL DEFAULT 'ar',
    section_id   INTEGER NOT NULL REFERENCES sections (id),
    title        TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    slug         TEXT    NOT NULL,
    lead         TEXT    NOT NULL,
    body         TEXT    NOT NULL,            -- JSON array of blocks
    source_name  TEXT,
    source_url   TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),
    published_at INTEGER,                     -- for 'scheduled': when it goes live
    updated_at   INTEGER NOT NULL,            -- the "last updated" readers see
    modified_at  INTEGER NOT NULL,            -- any change, corrections included
    created_at   INTEGER NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 1,
    import_key   TEXT    UNIQUE,              -- names an imported article across imports
    deleted_at   INTEGER                      -- soft delete
);

CREATE INDEX articles_by_publication ON articles (status, published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (section_id, published_at DESC, id DESC);

CREATE TABLE article_authors (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES authors (id),
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, author_id)
);

-- Every save of an article: a full copy of what was saved.
CREATE TABLE revisions (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    kind         TEXT    NOT NULL,            -- 'import', 'update', 'correction', 'restore', ...
    title        TEXT    NOT NULL,
    lead         TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    source_name  TEXT,
    source_url   TEXT,
    section_id   INTEGER NOT NULL REFERENCES sections (id),
    status       TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (article_id, number)
);

INSERT INTO sections (slug, name, position, created_at)
VALUES ('news', 'أخبار', 0, CAST(strftime('%s', 'now') AS INTEGER));
