//! The newsroom's save: every part of it in the caller's one write transaction.

use jiff::Timestamp;
use nashir_app::{ArticleSave, StoreError};
use nashir_core::ArticleId;
use sqlx::AnyConnection;

use crate::article_writes::{self, Origin};
use crate::rows::secs;
use crate::{accounts, backend, reviews, taxonomy, webhooks};

/// Writes `save` on `tx` (a write transaction the caller commits): an error at
/// any step leaves the transaction to roll back whole.
pub async fn save(
    tx: &mut article_writes::Tx,
    save: &ArticleSave,
    now: Timestamp,
) -> Result<ArticleId, StoreError> {
    let id = match save.id {
        None => {
            let origin = Origin {
                created_by: Some(save.by),
                import_key: None,
                kind: &save.kind,
            };
            article_writes::create(tx, &save.article, origin, now).await?
        }
        Some(id) => {
            if let Some(seen) = save.seen_revision {
                let current: Option<i64> = sqlx::query_scalar(
                    "SELECT revision FROM articles WHERE id = $1 AND deleted_at IS NULL",
                )
                .bind(id.0)
                .fetch_optional(&mut **tx)
                .await
                .map_err(backend)?;
                if current != Some(seen) {
                    return Err(StoreError::Conflict(format!(
                        "article {id} is at revision {current:?}, not {seen}"
                    )));
                }
            }
            let revision = article_writes::update(tx, id, &save.article, &save.kind, now).await?;
            if let Some(note) = &save.correction {
                sqlx::query(
                    "INSERT INTO corrections (article_id, revision, note, created_at, created_by)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(id.0)
                .bind(revision)
                .bind(note.as_str())
                .bind(secs(now))
                .bind(save.by)
                .execute(&mut **tx)
                .await
                .map_err(backend)?;
            }
            id
        }
    };
    let conn: &mut AnyConnection = tx;
    if let Some(tags) = &save.tags {
        let mut ids = Vec::with_capacity(tags.len());
        for (slug, name) in tags {
            ids.push(taxonomy::upsert_tag(conn, slug, name).await?.id);
        }
        taxonomy::set_article_links(conn, &taxonomy::TAG_LINKS, id, &ids, now).await?;
    }
    if let Some(authors) = &save.authors {
        taxonomy::set_article_links(conn, &taxonomy::AUTHOR_LINKS, id, authors, now).await?;
    }
    if let Some(featured) = save.featured {
        set_featured(conn, id, featured, now).await?;
    }
    if let Some(social) = save.social_image {
        sqlx::query("UPDATE articles SET social_media_id = $1 WHERE id = $2")
            .bind(social)
            .bind(id.0)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    if let Some(event) = save.event {
        let data = serde_json::json!({
            "id": id.0,
            "url": nashir_core::slug::article_href(save.article.language, id, &save.article.slug()),
            "title": save.article.title,
        });
        webhooks::enqueue(&mut *conn, event, data, now).await?;
    }
    if let Some(mark) = save.review {
        reviews::mark(&mut *conn, id, mark, save.by, now).await?;
    }
    if let Some(sticky) = save.sticky {
        sqlx::query("UPDATE articles SET sticky = $1 WHERE id = $2 AND sticky <> $3")
            .bind(i64::from(sticky))
            .bind(id.0)
            .bind(i64::from(sticky))
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    let (action, note) = &save.audit;
    let target = format!("{id}: {note}");
    accounts::append_audit(&mut *conn, Some(save.by), action, &target, now).await?;
    if save.clear_autosave {
        // A new article's form autosaves under article 0.
        sqlx::query("DELETE FROM autosaves WHERE user_id = $1 AND article_id = $2")
            .bind(save.by)
            .bind(save.id.map_or(0, |a| a.0))
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    Ok(id)
}

/// Sets (or clears) an article's featured image.
pub async fn set_featured(
    conn: &mut AnyConnection,
    id: ArticleId,
    media: Option<i64>,
    now: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE articles SET featured_media_id = $1, modified_at = $2 WHERE id = $3")
        .bind(media)
        .bind(secs(now))
        .bind(id.0)
        .execute(conn)
        .await
        .map_err(backend)?;
    Ok(())
}
