-- Related stories (اقرأ أيضاً): each article's list (see the SQLite migration
-- 0016 for the why of each part).

CREATE TABLE related (
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    origin     TEXT   NOT NULL CHECK (origin IN ('auto', 'pinned', 'removed')),
    position   BIGINT NOT NULL,
    set_at     BIGINT NOT NULL,
    PRIMARY KEY (article_id, related_id),
    CHECK (related_id <> article_id)
);
CREATE INDEX related_by_related ON related (related_id);
