-- The article sitemaps (10,000 URLs each, in id order) answered from an index alone
-- (see the SQLite migration 0013).
CREATE INDEX articles_live_urls ON articles (status, id, published_at, slug, updated_at)
    WHERE deleted_at IS NULL;
