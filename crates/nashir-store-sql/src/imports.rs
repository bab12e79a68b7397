//! Bulk imports of whole articles (the WordPress importer): each item under a
//! savepoint of one write transaction, its article by import key (see
//! `article_writes`), its authors, tags, featured image, sticky flag, comments
//! and old addresses with it. What is already as the item says is left alone, so
//! a second run of the same import writes nothing and marks nothing changed.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{
    ImportComment, ImportItem, ImportOutcome, ItemImported, Redirect, RedirectOrigin,
};
use nashir_app::{ImportStore, StoreError};
use nashir_core::ArticleId;
use sqlx::AnyConnection;

use crate::article_writes::{self, Tx};
use crate::redirects;
use crate::rows::secs;
use crate::sql::{Arg, execute};
use crate::taxonomy::{self, AUTHOR_LINKS, Links, TAG_LINKS};
use crate::{SqlStore, backend};

#[async_trait]
impl ImportStore for SqlStore {
    async fn import_items(
        &self,
        items: &[ImportItem],
        now: Timestamp,
    ) -> Result<Vec<Result<ItemImported, StoreError>>, StoreError> {
        let mut tx = self.write_tx().await?;
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            execute(&mut *tx, "SAVEPOINT import_item", &[]).await?;
            let result = import_item(&mut tx, item, now).await;
            if result.is_err() {
                execute(&mut *tx, "ROLLBACK TO import_item", &[]).await?;
            }
            execute(&mut *tx, "RELEASE import_item", &[]).await?;
            results.push(result);
        }
        tx.commit().await.map_err(backend)?;
        Ok(results)
    }

    async fn imported(&self, key: &str) -> Result<Option<i64>, StoreError> {
        sqlx::query_scalar("SELECT target_id FROM import_keys WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)
    }

    async fn remember_imported(&self, key: &str, target: i64) -> Result<(), StoreError> {
        self.writing(async |c| remember(c, key, target).await).await
    }
}

async fn remember(conn: &mut AnyConnection, key: &str, target: i64) -> Result<(), StoreError> {
    let sql = "INSERT INTO import_keys (key, target_id) VALUES ($1, $2)
               ON CONFLICT (key) DO UPDATE SET target_id = excluded.target_id";
    execute(conn, sql, &[Arg::Text(key), Arg::Int(target)]).await?;
    Ok(())
}

async fn import_item(
    tx: &mut Tx,
    item: &ImportItem,
    now: Timestamp,
) -> Result<ItemImported, StoreError> {
    let (id, mut outcome) = article_writes::import_in_tx(tx, &item.key, &item.article, now).await?;
    let conn: &mut AnyConnection = &mut *tx;
    let mut touched = false;
    let sql = "UPDATE articles SET sticky = $1 WHERE id = $2 AND sticky <> $3";
    let sticky = i64::from(item.sticky);
    let args = [Arg::Int(sticky), Arg::Int(id.0), Arg::Int(sticky)];
    touched |= execute(&mut *conn, sql, &args).await? > 0;
    let sql = "UPDATE articles SET comments_open = $1 WHERE id = $2 AND comments_open <> $3";
    let open = i64::from(item.comments_open);
    let args = [Arg::Int(open), Arg::Int(id.0), Arg::Int(open)];
    touched |= execute(&mut *conn, sql, &args).await? > 0;
    let featured = sqlx::query(
        "UPDATE articles SET featured_media_id = $1
         WHERE id = $2 AND COALESCE(featured_media_id, 0) <> $3",
    )
    .bind(item.featured)
    .bind(id.0)
    .bind(item.featured.unwrap_or(0))
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    touched |= featured.rows_affected() > 0;
    let mut authors = Vec::with_capacity(item.authors.len());
    for (slug, name) in &item.authors {
        authors.push(ensure_named(conn, "authors", slug, name).await?);
    }
    touched |= link_if_changed(conn, &AUTHOR_LINKS, id, &authors, now).await?;
    let mut tags = Vec::with_capacity(item.tags.len());
    for (slug, name) in &item.tags {
        tags.push(ensure_named(conn, "tags", slug, name).await?);
    }
    touched |= link_if_changed(conn, &TAG_LINKS, id, &tags, now).await?;
    let new_comments = import_comments(conn, id, &item.comments).await?;
    // An article readers cannot see yet is pointed at by its number alone: its
    // headline must not show in an address before it is published (that page
    // answers 404 until then, and sends to the full address after).
    let public = item.article.status == nashir_core::Status::Published
        && item.article.published_at.is_some_and(|at| at <= now);
    let to = if public {
        nashir_core::slug::article_path(id, &item.article.slug())
    } else {
        format!("/ar/news/{id}")
    };
    let redirects: Vec<Redirect> = item
        .redirects
        .iter()
        .filter(|from| **from != to)
        .map(|from| Redirect {
            from: from.clone(),
            to: to.clone(),
            origin: RedirectOrigin::Import,
            created_at: now,
        })
        .collect();
    redirects::upsert(conn, &redirects).await?;
    if touched {
        let sql = "UPDATE articles SET modified_at = $1 WHERE id = $2";
        execute(&mut *conn, sql, &[Arg::Int(secs(now)), Arg::Int(id.0)]).await?;
        if outcome == ImportOutcome::Unchanged {
            outcome = ImportOutcome::Updated;
        }
    }
    Ok(ItemImported {
        id,
        outcome,
        new_comments,
    })
}

/// The id of the author or tag with `slug`, made with `name` when missing (an
/// existing one keeps what the newsroom made of it).
async fn ensure_named(
    conn: &mut AnyConnection,
    table: &'static str,
    slug: &str,
    name: &str,
) -> Result<i64, StoreError> {
    let created = match table {
        "authors" => {
            "INSERT INTO authors (slug, name, bio, created_at) VALUES ($1, $2, '', $3)
                      ON CONFLICT (slug) DO NOTHING"
        }
        _ => {
            "INSERT INTO tags (slug, name, created_at) VALUES ($1, $2, $3)
              ON CONFLICT (slug) DO NOTHING"
        }
    };
    let now = Timestamp::now().as_second();
    execute(
        &mut *conn,
        created,
        &[Arg::Text(slug), Arg::Text(name), Arg::Int(now)],
    )
    .await?;
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM {table} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_one(conn)
    .await
    .map_err(backend)
}

/// Sets an article's links of one kind unless they already are `targets`, in
/// that order; true when they changed.
async fn link_if_changed(
    conn: &mut AnyConnection,
    links: &Links,
    id: ArticleId,
    targets: &[i64],
    now: Timestamp,
) -> Result<bool, StoreError> {
    let current: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM {} WHERE article_id = $1 ORDER BY position",
        links.column, links.table
    )))
    .bind(id.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(backend)?;
    if current == targets {
        return Ok(false);
    }
    taxonomy::set_article_links(conn, links, id, targets, now).await?;
    Ok(true)
}

/// Adds the comments not imported before and brings the others up to date;
/// returns how many were added. Parents come before their replies.
async fn import_comments(
    conn: &mut AnyConnection,
    article: ArticleId,
    comments: &[ImportComment],
) -> Result<u32, StoreError> {
    let mut added = 0;
    for c in comments {
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT c.id FROM import_keys k JOIN comments c ON c.id = k.target_id
             WHERE k.key = $1 AND c.article_id = $2",
        )
        .bind(&c.key)
        .bind(article.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
        if let Some(id) = existing {
            let sql = "UPDATE comments SET author_name = $1, body = $2, status = $3
                       WHERE id = $4 AND (author_name <> $5 OR body <> $6 OR status <> $7)";
            let status = c.status.as_str();
            let args = [
                Arg::Text(&c.author_name),
                Arg::Text(&c.body),
                Arg::Text(status),
                Arg::Int(id),
                Arg::Text(&c.author_name),
                Arg::Text(&c.body),
                Arg::Text(status),
            ];
            execute(&mut *conn, sql, &args).await?;
            continue;
        }
        let parent: Option<i64> = match &c.parent_key {
            None => None,
            Some(key) => sqlx::query_scalar(
                "SELECT c.id FROM import_keys k JOIN comments c ON c.id = k.target_id
                     WHERE k.key = $1 AND c.article_id = $2 AND c.parent_id IS NULL",
            )
            .bind(key)
            .bind(article.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (article_id, parent_id, author_name, author_email, body,
                 status, fingerprint, address, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'import', $8) RETURNING id",
        )
        .bind(article.0)
        .bind(parent)
        .bind(&c.author_name)
        .bind(c.author_email.as_deref())
        .bind(&c.body)
        .bind(c.status.as_str())
        .bind(nashir_app::comments::fingerprint(&c.body))
        .bind(secs(c.created_at))
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)?;
        remember(conn, &c.key, id).await?;
        added += 1;
    }
    Ok(added)
}
