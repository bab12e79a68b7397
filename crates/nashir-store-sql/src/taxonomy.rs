//! Sections, tags and authors, and which articles carry them.

use async_trait::async_trait;
use nashir_app::StoreError;
use nashir_app::TaxonomyStore;
use nashir_core::language::Language;
use nashir_core::{ArticleId, Author, Section, Tag};
use sqlx::{AnyConnection, AnyPool};

use crate::SqlStore;
use crate::backend;
use crate::rows::AuthorRow;

/// (id, slug, name) of the row with `slug` in `table` (`sections` or `tags`).
async fn named_by_slug(
    pool: &AnyPool,
    table: &'static str,
    slug: &str,
) -> Result<Option<(i64, String, String)>, StoreError> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, slug, name FROM {table} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_optional(pool)
    .await
    .map_err(backend)
}

pub async fn section_by_slug(pool: &AnyPool, slug: &str) -> Result<Option<Section>, StoreError> {
    let found = named_by_slug(pool, "sections", slug).await?;
    Ok(found.map(|(id, slug, name)| Section { id, slug, name }))
}

pub async fn tag_by_slug(pool: &AnyPool, slug: &str) -> Result<Option<Tag>, StoreError> {
    let found = named_by_slug(pool, "tags", slug).await?;
    Ok(found.map(|(id, slug, name)| Tag { id, slug, name }))
}

pub async fn author_by_slug(pool: &AnyPool, slug: &str) -> Result<Option<Author>, StoreError> {
    sqlx::query_as::<_, AuthorRow>(
        "SELECT id, slug, name, bio, photo_media_id FROM authors WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(pool)
    .await
    .map_err(backend)
    .map(|r| r.map(Into::into))
}

/// When a section, tag or author was first made (the trait takes no clock: these
/// times are for the record only).
fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

pub async fn upsert_section(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
) -> Result<Section, StoreError> {
    let (id, slug, name) = sqlx::query_as::<_, (i64, String, String)>(
        "INSERT INTO sections (slug, name, position, created_at)
         VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM sections),
                 $3)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name
         RETURNING id, slug, name",
    )
    .bind(slug)
    .bind(name)
    .bind(now())
    .fetch_one(conn)
    .await
    .map_err(backend)?;
    Ok(Section { id, slug, name })
}

/// Names a section in an edition (or takes its name there away).
pub async fn name_section(
    conn: &mut AnyConnection,
    slug: &str,
    language: Language,
    name: Option<&str>,
) -> Result<(), StoreError> {
    let code = language.code().to_string();
    match name {
        Some(name) => sqlx::query(
            "INSERT INTO section_names (section_id, language, name)
             SELECT id, $2, $3 FROM sections WHERE slug = $1
             ON CONFLICT (section_id, language) DO UPDATE SET name = excluded.name",
        )
        .bind(slug)
        .bind(code)
        .bind(name),
        None => sqlx::query(
            "DELETE FROM section_names
             WHERE section_id = (SELECT id FROM sections WHERE slug = $1) AND language = $2",
        )
        .bind(slug)
        .bind(code),
    }
    .execute(conn)
    .await
    .map_err(backend)?;
    Ok(())
}

pub async fn upsert_tag(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
) -> Result<Tag, StoreError> {
    let (id, slug, name) = sqlx::query_as::<_, (i64, String, String)>(
        "INSERT INTO tags (slug, name, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name
         RETURNING id, slug, name",
    )
    .bind(slug)
    .bind(name)
    .bind(now())
    .fetch_one(conn)
    .await
    .map_err(backend)?;
    Ok(Tag { id, slug, name })
}

pub async fn upsert_author(
    conn: &mut AnyConnection,
    slug: &str,
    name: &str,
    bio: &str,
) -> Result<Author, StoreError> {
    sqlx::query_as::<_, AuthorRow>(
        "INSERT INTO authors (slug, name, bio, created_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (slug) DO UPDATE SET name = excluded.name, bio = excluded.bio
         RETURNING id, slug, name, bio, photo_media_id",
    )
    .bind(slug)
    .bind(name)
    .bind(bio)
    .bind(now())
    .fetch_one(conn)
    .await
    .map_err(backend)
    .map(Into::into)
}

pub async fn set_author_photo(
    conn: &mut AnyConnection,
    author: i64,
    media: Option<i64>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE authors SET photo_media_id = $1 WHERE id = $2")
        .bind(media)
        .bind(author)
        .execute(conn)
        .await
        .map_err(backend)
        .map(drop)
}

/// Replaces the rows of a link table (`article_tags`, `article_authors`) for one
/// article and marks the article modified, so caches and indexes hear of it.
/// Where an article's links of one kind live: the link table, its column, and
/// the table the column points at.
pub struct Links {
    pub table: &'static str,
    pub column: &'static str,
    pub target: &'static str,
}

pub const TAG_LINKS: Links = Links {
    table: "article_tags",
    column: "tag_id",
    target: "tags",
};

pub const AUTHOR_LINKS: Links = Links {
    table: "article_authors",
    column: "author_id",
    target: "authors",
};

/// Replaces an article's links of one kind, in order; ids with no target row are
/// dropped. Touches the article, so the change log (and every cache) sees it.
pub async fn set_article_links(
    conn: &mut AnyConnection,
    links: &Links,
    id: ArticleId,
    targets: &[i64],
    now: jiff::Timestamp,
) -> Result<(), StoreError> {
    let Links {
        table,
        column,
        target,
    } = links;
    let touched = sqlx::query("UPDATE articles SET modified_at = $1 WHERE id = $2")
        .bind(crate::rows::secs(now))
        .bind(id.0)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    if touched.rows_affected() == 0 {
        return Err(StoreError::Corrupt(format!("no article {id}")));
    }
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE article_id = $1"
    )))
    .bind(id.0)
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    for (position, to) in targets.iter().enumerate() {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} (article_id, {column}, position)
             SELECT $1, id, $3 FROM {target} WHERE id = $2
             ON CONFLICT DO NOTHING"
        )))
        .bind(id.0)
        .bind(to)
        .bind(position as i64)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    }
    Ok(())
}

pub async fn tags(pool: &AnyPool) -> Result<Vec<Tag>, StoreError> {
    sqlx::query_as::<_, (i64, String, String)>("SELECT id, slug, name FROM tags ORDER BY name")
        .fetch_all(pool)
        .await
        .map_err(backend)
        .map(|rows| {
            rows.into_iter()
                .map(|(id, slug, name)| Tag { id, slug, name })
                .collect()
        })
}

pub async fn authors(pool: &AnyPool) -> Result<Vec<Author>, StoreError> {
    sqlx::query_as::<_, AuthorRow>(
        "SELECT id, slug, name, bio, photo_media_id FROM authors ORDER BY name",
    )
    .fetch_all(pool)
    .await
    .map_err(backend)
    .map(|rows| rows.into_iter().map(Into::into).collect())
}

/// Sections from (id, slug, name) rows.
fn section_rows(
    rows: Result<Vec<(i64, String, String)>, sqlx::Error>,
) -> Result<Vec<Section>, StoreError> {
    Ok(rows
        .map_err(backend)?
        .into_iter()
        .map(|(id, slug, name)| Section { id, slug, name })
        .collect())
}

#[async_trait]
impl TaxonomyStore for SqlStore {
    async fn sections(&self) -> Result<Vec<Section>, StoreError> {
        let rows = sqlx::query_as("SELECT id, slug, name FROM sections ORDER BY position, id")
            .fetch_all(&self.pool)
            .await;
        section_rows(rows)
    }

    async fn sections_named(&self, language: Language) -> Result<Vec<Section>, StoreError> {
        let rows = sqlx::query_as(
            "SELECT s.id, s.slug, n.name FROM sections s
             JOIN section_names n ON n.section_id = s.id AND n.language = $1
             ORDER BY s.position, s.id",
        )
        .bind(language.code())
        .fetch_all(&self.pool)
        .await;
        section_rows(rows)
    }

    async fn section_by_slug(&self, slug: &str) -> Result<Option<Section>, StoreError> {
        section_by_slug(&self.pool, slug).await
    }

    async fn tags(&self) -> Result<Vec<Tag>, StoreError> {
        tags(&self.pool).await
    }

    async fn authors(&self) -> Result<Vec<Author>, StoreError> {
        authors(&self.pool).await
    }

    async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>, StoreError> {
        tag_by_slug(&self.pool, slug).await
    }

    async fn author_by_slug(&self, slug: &str) -> Result<Option<Author>, StoreError> {
        author_by_slug(&self.pool, slug).await
    }

    async fn upsert_section(&self, slug: &str, name: &str) -> Result<Section, StoreError> {
        self.writing(async |c| upsert_section(c, slug, name).await)
            .await
    }

    async fn name_section(
        &self,
        slug: &str,
        language: Language,
        name: Option<&str>,
    ) -> Result<(), StoreError> {
        self.writing(async |c| name_section(c, slug, language, name).await)
            .await
    }

    async fn upsert_tag(&self, slug: &str, name: &str) -> Result<Tag, StoreError> {
        self.writing(async |c| upsert_tag(c, slug, name).await)
            .await
    }

    async fn upsert_author(&self, slug: &str, name: &str, bio: &str) -> Result<Author, StoreError> {
        self.writing(async |c| upsert_author(c, slug, name, bio).await)
            .await
    }

    async fn set_author_photo(&self, author: i64, media: Option<i64>) -> Result<(), StoreError> {
        self.writing(async |c| set_author_photo(c, author, media).await)
            .await
    }
}
