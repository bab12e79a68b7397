-- The home front's sticky stories: few, so their own index. Without it the query
-- walked the whole edition looking for them (hundreds of milliseconds at 100,000
-- articles, on every render of the front page).
CREATE INDEX articles_sticky ON articles (language, status, published_at DESC, id DESC)
    WHERE sticky = 1 AND deleted_at IS NULL;
