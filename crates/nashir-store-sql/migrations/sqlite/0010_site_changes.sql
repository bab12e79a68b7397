-- Sections, tags, author profiles and images' alt texts show on many pages (the
-- header's sections, bylines, lists). A change to one enters the change log as
-- article 0: every node's page cache reads any new position as "render again", and
-- the search indexes find no article 0 and move on.

CREATE TRIGGER sections_log_insert AFTER INSERT ON sections
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER sections_log_update AFTER UPDATE ON sections
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER sections_log_delete AFTER DELETE ON sections
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER tags_log_insert AFTER INSERT ON tags
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER tags_log_update AFTER UPDATE ON tags
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER tags_log_delete AFTER DELETE ON tags
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER authors_log_insert AFTER INSERT ON authors
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER authors_log_update AFTER UPDATE ON authors
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER authors_log_delete AFTER DELETE ON authors
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER media_log_insert AFTER INSERT ON media
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER media_log_update AFTER UPDATE ON media
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER media_log_delete AFTER DELETE ON media
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(strftime('%s', 'now') AS INTEGER));
END;
