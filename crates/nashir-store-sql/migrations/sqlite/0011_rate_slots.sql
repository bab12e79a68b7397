-- Rate-limit events get an id: a limit is now a reservation taken before the
-- action, and an action that does not happen gives back exactly its own slots.
CREATE TABLE rate_slots (
    id  INTEGER PRIMARY KEY,
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
INSERT INTO rate_slots (key, at) SELECT key, at FROM rate_events;
DROP TABLE rate_events;
ALTER TABLE rate_slots RENAME TO rate_events;
CREATE INDEX rate_events_by_key ON rate_events (key, at);
CREATE INDEX rate_events_by_time ON rate_events (at);
