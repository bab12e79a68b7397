-- Static pages (من نحن، اتصل بنا، سياسة الخصوصية): a title and blocks at
-- /ar/page/{slug}, published or a draft, some listed in every page's footer (in
-- `footer_position` order). Imported ones carry their origin's key. Pages show in
-- the footer of every page, so any change is a site change (article 0).
CREATE TABLE static_pages (
    id              INTEGER PRIMARY KEY,
    slug            TEXT    NOT NULL UNIQUE,
    title           TEXT    NOT NULL CHECK (length(trim(title)) > 0),
    body            TEXT    NOT NULL,
    published       INTEGER NOT NULL DEFAULT 0,
    footer_position INTEGER,
    import_key      TEXT    UNIQUE,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TRIGGER static_pages_log_insert AFTER INSERT ON static_pages
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER static_pages_log_update AFTER UPDATE ON static_pages
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER static_pages_log_delete AFTER DELETE ON static_pages
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;
