-- The trash is purged at every start and each day: without an index the purge
-- scanned every article (3.4 s at 100,000). Only trashed rows are in this one.
CREATE INDEX articles_trashed ON articles (deleted_at) WHERE deleted_at IS NOT NULL;
