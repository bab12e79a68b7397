//! Bulk imports of whole articles (the WordPress importer): each item under a
//! savepoint of one write transaction, its article by import key (see
//! `article_writes`), its authors, tags, featured image, sticky flag, comments
//! and old addresses with it. What is already as the item says is left alone, so
//! a second run of the same import writes nothing and marks nothing changed.

use std::collections::HashMap;

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{ImportComment, ImportItem, ImportOutcome, ItemImported};
use nashir_app::{ImportStore, StoreError};
use nashir_core::ArticleId;
use sqlx::AnyConnection;

use crate::article_writes::{self, Tx, begin_item, end_item};
use crate::redirects;
use crate::rows::secs;
use crate::sql::{Arg, Sql, execute};
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
        // Authors and tags recur across a batch: each is looked up once.
        let mut named = Named::new();
        let mut results = Vec::with_capacity(items.len());
        for item in items {
            begin_item(&mut tx).await?;
            let result = import_item(&mut tx, item, &mut named, now).await;
            end_item(&mut tx, &result).await?;
            if result.is_err() {
                // What the rolled-back item made is gone again.
                named.clear();
            }
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

/// Ids of authors and tags by (table, slug), for one batch.
type Named = HashMap<(&'static str, String), i64>;

async fn import_item(
    tx: &mut Tx,
    item: &ImportItem,
    named: &mut Named,
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
        authors.push(ensure_named(conn, named, "authors", slug, name).await?);
    }
    touched |= link_if_changed(conn, &AUTHOR_LINKS, id, &authors, now).await?;
    let mut tags = Vec::with_capacity(item.tags.len());
    for (slug, name) in &item.tags {
        tags.push(ensure_named(conn, named, "tags", slug, name).await?);
    }
    touched |= link_if_changed(conn, &TAG_LINKS, id, &tags, now).await?;
    let new_comments = import_comments(conn, id, outcome, &item.comments).await?;
    // An article readers cannot see yet is pointed at by its number alone: its
    // headline must not show in an address before it is published (that page
    // answers 404 until then, and sends to the full address after).
    let public = item.article.status == nashir_core::Status::Published
        && item.article.published_at.is_some_and(|at| at <= now);
    let to = if public {
        nashir_core::slug::article_path(item.article.language, id, &item.article.slug())
    } else {
        format!("/{}/news/{id}", item.article.language)
    };
    redirects::upsert_imported(conn, &item.redirects, &to, now).await?;
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
    named: &mut Named,
    table: &'static str,
    slug: &str,
    name: &str,
) -> Result<i64, StoreError> {
    if let Some(id) = named.get(&(table, slug.to_string())) {
        return Ok(*id);
    }
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
    let id = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM {table} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_one(conn)
    .await
    .map_err(backend)?;
    named.insert((table, slug.to_string()), id);
    Ok(id)
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

/// Comment keys looked up in one statement.
const KEYS_PER_QUERY: usize = 200;

/// Adds the comments not imported before and brings the others up to date;
/// returns how many were added. Parents come before their replies. The
/// article's imported comments are read once (none for a new article).
async fn import_comments(
    conn: &mut AnyConnection,
    article: ArticleId,
    outcome: ImportOutcome,
    comments: &[ImportComment],
) -> Result<u32, StoreError> {
    // key → (id, author, body, status) of what an earlier run stored, found by
    // the keys of this item's comments (the key is the table's primary key).
    let mut stored: HashMap<String, (i64, String, String, String)> = HashMap::new();
    if outcome != ImportOutcome::Created {
        for chunk in comments.chunks(KEYS_PER_QUERY) {
            let mut q = Sql::new(
                "SELECT k.key, c.id, c.author_name, c.body, c.status
                 FROM import_keys k JOIN comments c ON c.id = k.target_id
                 WHERE c.article_id = ",
            );
            q.bind(article.0).push(" AND k.key IN (");
            for (i, c) in chunk.iter().enumerate() {
                if i > 0 {
                    q.push(", ");
                }
                q.bind(c.key.clone());
            }
            q.push(")");
            let rows = q
                .query_as::<(String, i64, String, String, String)>()?
                .fetch_all(&mut *conn)
                .await
                .map_err(backend)?;
            stored.extend(
                rows.into_iter()
                    .map(|(key, id, a, b, s)| (key, (id, a, b, s))),
            );
        }
    }
    let mut added = 0;
    for c in comments {
        let status = c.status.as_str();
        if let Some((id, author, body, was)) = stored.get(&c.key) {
            if *author != c.author_name || *body != c.body || was != status {
                let sql =
                    "UPDATE comments SET author_name = $1, body = $2, status = $3 WHERE id = $4";
                let args = [
                    Arg::Text(&c.author_name),
                    Arg::Text(&c.body),
                    Arg::Text(status),
                    Arg::Int(*id),
                ];
                execute(&mut *conn, sql, &args).await?;
            }
            continue;
        }
        // Threads are one level deep: a parent is a first comment of this article.
        let parent = c
            .parent_key
            .as_ref()
            .and_then(|key| stored.get(key))
            .map(|(id, ..)| *id);
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
        .bind(status)
        .bind(nashir_app::comments::fingerprint(&c.body))
        .bind(secs(c.created_at))
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)?;
        remember(conn, &c.key, id).await?;
        if c.parent_key.is_none() {
            let entry = (
                id,
                c.author_name.clone(),
                c.body.clone(),
                status.to_string(),
            );
            stored.insert(c.key.clone(), entry);
        }
        added += 1;
    }
    Ok(added)
}
