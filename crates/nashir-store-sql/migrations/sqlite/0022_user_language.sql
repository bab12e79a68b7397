-- The language the newsroom speaks to each user (issue 16): `ar`, `en` or `fa`,
-- chosen on their own account page or by an admin. Arabic, as before.

ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'ar'
    CHECK (language IN ('ar', 'en', 'fa'));
