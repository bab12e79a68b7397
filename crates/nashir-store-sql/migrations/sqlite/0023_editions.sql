-- Editions (ar, en, fa) share one set of sections: `sections.name` is a section's
-- name in the default edition, and `section_names` its name in the others. An
-- edition's menu shows the sections named in it.
CREATE TABLE section_names (
    section_id INTEGER NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    language   TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    PRIMARY KEY (section_id, language)
);

-- The first section, in the other editions (before the triggers: a new
-- site starts with an empty change log).
INSERT INTO section_names (section_id, language, name)
SELECT id, 'en', 'News' FROM sections WHERE slug = 'news';
INSERT INTO section_names (section_id, language, name)
SELECT id, 'fa', 'اخبار' FROM sections WHERE slug = 'news';

CREATE TRIGGER section_names_log_insert AFTER INSERT ON section_names
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER section_names_log_update AFTER UPDATE ON section_names
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER section_names_log_delete AFTER DELETE ON section_names
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

-- An article and its translations share a group: the id of the article the
-- first translation was made from. A plain number, not a reference, so the
-- group outlives its first article. One article per language in a group: the
-- unique index makes linking two at once safe on every node.
ALTER TABLE articles ADD COLUMN translation_group INTEGER;
CREATE UNIQUE INDEX articles_by_translation ON articles (translation_group, language)
    WHERE translation_group IS NOT NULL;

-- The sitemaps' index covers what they now read: each address's edition and
-- its translations' group.
DROP INDEX articles_live_urls;
CREATE INDEX articles_live_urls
    ON articles (status, id, published_at, slug, updated_at, language, translation_group)
    WHERE deleted_at IS NULL;

-- Readers' lists are an edition's: the edition leads their indexes, so a small
-- edition's list never walks the others' articles.
CREATE INDEX articles_live_by_edition ON articles (language, status, published_at DESC, id DESC)
    WHERE deleted_at IS NULL;
DROP INDEX articles_live_by_section;
CREATE INDEX articles_live_by_section
    ON articles (section_id, language, status, published_at DESC, id DESC)
    WHERE deleted_at IS NULL;
