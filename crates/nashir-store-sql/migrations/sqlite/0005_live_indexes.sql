-- Lists and counts of live (not deleted) articles answered from the index alone:
-- partial indexes that hold only live rows, so `deleted_at IS NULL` costs nothing
-- and a count never reads the (large) article rows.
DROP INDEX articles_by_publication;
DROP INDEX articles_by_section;
CREATE INDEX articles_live ON articles (status, published_at DESC, id DESC)
    WHERE deleted_at IS NULL;
CREATE INDEX articles_live_by_section ON articles (section_id, status, published_at DESC, id DESC)
    WHERE deleted_at IS NULL;
