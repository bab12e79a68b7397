//! Static pages. Every write is a site change (the table's triggers log article
//! 0): the footer menu is on every page.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{
    Audit, ImportOutcome, ImportPage, PageImported, PageWrite, StaticPage, static_page_path,
};
use nashir_app::{PageStore, StoreError};
use nashir_core::Block;
use nashir_core::language::Language;
use sqlx::AnyConnection;

use crate::accounts::append_audit;
use crate::article_writes::{begin_item, end_item};
use crate::rows::{body_json, secs, timestamp};
use crate::sql::{Arg, execute};
use crate::{SqlStore, backend, media, redirects};

/// The highest number an imported page's slug is given to make it free.
const MAX_SLUG_NUMBER: u32 = 100;

const COLUMNS: &str = "id, language, slug, title, body, published, footer_position, updated_at";

type Row = (i64, String, String, String, String, i64, Option<i64>, i64);

fn page(
    (id, language, slug, title, body, published, footer_position, updated): Row,
) -> Result<StaticPage, StoreError> {
    let body: Vec<Block> = if body.is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(&body).map_err(|e| StoreError::Corrupt(format!("page {id}: {e}")))?
    };
    Ok(StaticPage {
        id,
        language: Language::of_article(&language),
        slug,
        title,
        body,
        images: Vec::new(),
        published: published != 0,
        footer_position,
        updated_at: timestamp(updated)?,
    })
}

impl SqlStore {
    /// One page with the images its body shows.
    async fn page_where(
        &self,
        clause: &'static str,
        arg: Arg<'_>,
    ) -> Result<Option<StaticPage>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM static_pages WHERE {clause}");
        let q = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
        let q = match arg {
            Arg::Int(i) => q.bind(i),
            Arg::Text(t) => q.bind(t.to_string()),
        };
        let Some(row) = q.fetch_optional(&self.pool).await.map_err(backend)? else {
            return Ok(None);
        };
        let mut found = page(row)?;
        found.images =
            media::many(&self.pool, &nashir_core::Article::body_images(&found.body)).await?;
        Ok(Some(found))
    }
}

#[async_trait]
impl PageStore for SqlStore {
    async fn static_page(&self, slug: &str) -> Result<Option<StaticPage>, StoreError> {
        self.page_where("slug = $1", Arg::Text(slug)).await
    }

    async fn static_page_by_id(&self, id: i64) -> Result<Option<StaticPage>, StoreError> {
        self.page_where("id = $1", Arg::Int(id)).await
    }

    async fn static_pages(&self) -> Result<Vec<StaticPage>, StoreError> {
        sqlx::query_as::<_, Row>(
            "SELECT id, language, slug, title, '', published, footer_position, updated_at
             FROM static_pages
             ORDER BY footer_position IS NULL, footer_position, title, id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(page)
        .collect()
    }

    async fn save_static_page(
        &self,
        write: &PageWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<Option<i64>, StoreError> {
        self.writing(async |c| {
            let Some(id) = save(c, write, None, now).await? else {
                return Ok(None);
            };
            append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            Ok(Some(id))
        })
        .await
    }

    async fn delete_static_page(
        &self,
        id: i64,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.writing(async |c| {
            let gone = execute(
                &mut *c,
                "DELETE FROM static_pages WHERE id = $1",
                &[Arg::Int(id)],
            )
            .await?;
            if gone > 0 {
                append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            }
            Ok(gone > 0)
        })
        .await
    }

    async fn import_static_pages(
        &self,
        pages: &[ImportPage],
        now: Timestamp,
    ) -> Result<Vec<Result<PageImported, StoreError>>, StoreError> {
        let mut tx = self.write_tx().await?;
        let mut results = Vec::with_capacity(pages.len());
        for item in pages {
            begin_item(&mut tx).await?;
            let result = import_one(&mut tx, item, now).await;
            end_item(&mut tx, &result).await?;
            results.push(result);
        }
        tx.commit().await.map_err(backend)?;
        Ok(results)
    }
}

/// Inserts (no id) or updates a page; `None` when `write.id` names no page.
/// Refused with [`StoreError::Conflict`] when another page has the slug: checked
/// first, inside the write transaction, so two saves cannot both take it.
async fn save(
    conn: &mut AnyConnection,
    write: &PageWrite,
    import_key: Option<&str>,
    now: Timestamp,
) -> Result<Option<i64>, StoreError> {
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM static_pages WHERE slug = $1 AND id <> $2")
            .bind(&write.slug)
            .bind(write.id.unwrap_or(0))
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "a page has the slug {}",
            write.slug
        )));
    }
    let body = body_json(&write.body)?;
    let published = i64::from(write.published);
    match write.id {
        None => {
            let id = sqlx::query_scalar(
                "INSERT INTO static_pages (slug, title, body, published, footer_position, import_key,
                     created_at, updated_at, language)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(&write.slug)
            .bind(&write.title)
            .bind(&body)
            .bind(published)
            .bind(write.footer_position)
            .bind(import_key)
            .bind(secs(now))
            .bind(secs(now))
            .bind(write.language.code())
            .fetch_one(&mut *conn)
            .await
            .map_err(backend)?;
            Ok(Some(id))
        }
        Some(id) => {
            let changed = sqlx::query(
                "UPDATE static_pages SET slug = $1, title = $2, body = $3, published = $4,
                     footer_position = $5, updated_at = $6, language = $8
                 WHERE id = $7",
            )
            .bind(&write.slug)
            .bind(&write.title)
            .bind(&body)
            .bind(published)
            .bind(write.footer_position)
            .bind(secs(now))
            .bind(id)
            .bind(write.language.code())
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
            Ok((changed.rows_affected() > 0).then_some(id))
        }
    }
}

/// `slug`, or the first of `slug-2`, `slug-3`… that no page but `own` has.
async fn free_slug(conn: &mut AnyConnection, slug: &str, own: i64) -> Result<String, StoreError> {
    for n in 1..=MAX_SLUG_NUMBER {
        let candidate = if n == 1 {
            slug.to_string()
        } else {
            format!("{slug}-{n}")
        };
        let taken: Option<i64> =
            sqlx::query_scalar("SELECT id FROM static_pages WHERE slug = $1 AND id <> $2")
                .bind(&candidate)
                .bind(own)
                .fetch_optional(&mut *conn)
                .await
                .map_err(backend)?;
        if taken.is_none() {
            return Ok(candidate);
        }
    }
    Err(StoreError::Conflict(format!(
        "pages have the slugs {slug} to {slug}-{MAX_SLUG_NUMBER}"
    )))
}

async fn import_one(
    conn: &mut AnyConnection,
    item: &ImportPage,
    now: Timestamp,
) -> Result<PageImported, StoreError> {
    let existing: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM static_pages WHERE import_key = $1"
    )))
    .bind(&item.key)
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend)?;
    let current = existing.map(page).transpose()?;
    let own = current.as_ref().map_or(0, |p| p.id);
    let slug = free_slug(conn, &item.page.slug, own).await?;
    let (id, outcome) = match current {
        None => {
            let write = PageWrite {
                slug: slug.clone(),
                ..item.page.clone()
            };
            let id = save(conn, &write, Some(&item.key), now).await?;
            (
                id.ok_or_else(|| StoreError::Corrupt("a new page has no id".into()))?,
                ImportOutcome::Created,
            )
        }
        Some(current) => {
            // The newsroom's choice of footer place stays.
            let write = PageWrite {
                id: Some(current.id),
                slug: slug.clone(),
                footer_position: current.footer_position,
                ..item.page.clone()
            };
            let same = current.slug == write.slug
                && current.title == write.title
                && current.body == write.body
                && current.published == write.published;
            if !same {
                save(conn, &write, None, now).await?;
            }
            let outcome = if same {
                ImportOutcome::Unchanged
            } else {
                ImportOutcome::Updated
            };
            (current.id, outcome)
        }
    };
    let path = static_page_path(item.page.language, &slug);
    redirects::upsert_imported(conn, &item.redirects, &path, now).await?;
    Ok(PageImported { id, slug, outcome })
}
