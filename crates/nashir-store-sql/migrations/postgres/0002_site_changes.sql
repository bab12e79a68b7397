-- Sections, tags, author profiles and images' alt texts show on many pages (the
-- header's sections, bylines, lists). A change to one enters the change log as
-- article 0: every node's page cache reads any new position as "render again", and
-- the search indexes find no article 0 and move on.

CREATE FUNCTION log_site_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(121364827105650);
    INSERT INTO changes (article_id, changed_at) VALUES (0, CAST(extract(epoch FROM now()) AS BIGINT));
    RETURN NULL;
END;
$$;

CREATE TRIGGER sections_log AFTER INSERT OR UPDATE OR DELETE ON sections
    FOR EACH STATEMENT EXECUTE FUNCTION log_site_change();

CREATE TRIGGER tags_log AFTER INSERT OR UPDATE OR DELETE ON tags
    FOR EACH STATEMENT EXECUTE FUNCTION log_site_change();

CREATE TRIGGER authors_log AFTER INSERT OR UPDATE OR DELETE ON authors
    FOR EACH STATEMENT EXECUTE FUNCTION log_site_change();

CREATE TRIGGER media_log AFTER INSERT OR UPDATE OR DELETE ON media
    FOR EACH STATEMENT EXECUTE FUNCTION log_site_change();
