-- The editor's autosaves: the latest unsaved form of each user for each article
-- (article_id 0: a new article), so a closed tab loses nothing.
CREATE TABLE autosaves (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL,
    content    TEXT    NOT NULL,
    saved_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, article_id)
);
