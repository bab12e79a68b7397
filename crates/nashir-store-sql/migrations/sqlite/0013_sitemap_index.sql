-- The article sitemaps (10,000 URLs each, in id order) answered from an index alone:
-- reading the article rows for their slugs took a second per sitemap at 100,000
-- articles. The query writes `+published_at` so SQLite picks this index, whose id
-- order needs no sort, over `articles_live`.
CREATE INDEX articles_live_urls ON articles (status, id, published_at, slug, updated_at)
    WHERE deleted_at IS NULL;
