-- Tags, and aggregated page views for "most read".

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, article_id);
CREATE INDEX article_authors_by_author ON article_authors (author_id, article_id);

-- Views per article per day (days since 1970-01-01 in the site's zone). Counts only:
-- no address, cookie or anything else about the reader is kept. No foreign key, so a
-- batch of counts never fails because an article was deleted meanwhile.
CREATE TABLE article_views (
    article_id INTEGER NOT NULL,
    day        INTEGER NOT NULL,
    views      INTEGER NOT NULL,
    PRIMARY KEY (article_id, day)
);
CREATE INDEX article_views_by_day ON article_views (day, article_id);
