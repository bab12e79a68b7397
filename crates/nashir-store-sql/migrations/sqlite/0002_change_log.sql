-- The change log: every write to an article appends its id. Search indexes and
-- caches (on this node and on others) follow it to catch up, so nothing that
-- writes articles has to remember to tell them.

CREATE TABLE changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,          -- no foreign key: deleted articles are changes too
    changed_at INTEGER NOT NULL
);

CREATE TRIGGER articles_log_insert AFTER INSERT ON articles
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (NEW.id, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER articles_log_update AFTER UPDATE ON articles
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (NEW.id, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER articles_log_delete AFTER DELETE ON articles
BEGIN
    INSERT INTO changes (article_id, changed_at) VALUES (OLD.id, CAST(strftime('%s', 'now') AS INTEGER));
END;
