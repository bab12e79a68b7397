-- Static pages belong to an edition, as articles do: each edition's footer lists
-- its own, at /{edition}/page/{slug}. Slugs stay unique across editions.
ALTER TABLE static_pages ADD COLUMN language TEXT NOT NULL DEFAULT 'ar';
