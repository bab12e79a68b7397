-- Related stories (اقرأ أيضاً): each article's list. The search index writes its
-- choice ('auto', in its order) whenever the article changes; the newsroom pins
-- entries (shown first, in the order pinned) or removes them ('removed' rows stay,
-- so the index never brings them back). One row per pair: a pinned or removed
-- entry is never also a computed one. A write that changes a list appends the
-- article to the change log itself, once per list (a trigger would log every
-- row), so its page is rendered again on every node.

CREATE TABLE related (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    origin     TEXT    NOT NULL CHECK (origin IN ('auto', 'pinned', 'removed')),
    position   INTEGER NOT NULL,
    set_at     INTEGER NOT NULL,
    PRIMARY KEY (article_id, related_id),
    CHECK (related_id <> article_id)
);
-- Deleting an article deletes the entries that name it.
CREATE INDEX related_by_related ON related (related_id);
