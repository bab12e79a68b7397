//! Related stories: each article's list in `related`, as the search index chose it
//! and the newsroom pinned or removed entries. A write that changes a list appends
//! the article to the change log here, once per list, in its own transaction.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{
    Audit, RelatedOrigin, RelatedOutcome, RelatedRead, RelatedRow, RelatedWrite,
};
use nashir_app::{RelatedStore, StoreError};
use nashir_core::ArticleId;
use sqlx::AnyConnection;

use crate::accounts::append_audit;
use crate::rows::{SUMMARY_COLUMNS, SUMMARY_JOINS, SummaryRow, secs, timestamp};
use crate::sql::Sql;
use crate::{SqlStore, backend};

/// Ids bound in one `IN (…)` list, and rows in one multi-row `INSERT`.
const CHUNK: usize = 200;

fn origin(s: &str) -> Result<RelatedOrigin, StoreError> {
    RelatedOrigin::parse(s).ok_or_else(|| StoreError::Corrupt(format!("related origin {s}")))
}

fn ids(articles: &[ArticleId]) -> Vec<i64> {
    articles.iter().map(|a| a.0).collect()
}

async fn rows_of(
    conn: &mut AnyConnection,
    articles: &[i64],
    only_computed: bool,
) -> Result<Vec<RelatedRow>, StoreError> {
    let mut out = Vec::new();
    for chunk in articles.chunks(CHUNK) {
        let mut q = Sql::new(
            "SELECT article_id, related_id, origin, position, set_at FROM related
             WHERE article_id IN (",
        );
        q.bind_list(chunk).push(")");
        if only_computed {
            q.push(" AND origin = 'auto'");
        }
        q.push(" ORDER BY article_id, origin, position");
        let rows: Vec<(i64, i64, String, i64, i64)> =
            q.query_as()?.fetch_all(&mut *conn).await.map_err(backend)?;
        for (article, related, from, position, set_at) in rows {
            out.push(RelatedRow {
                article: ArticleId(article),
                related: ArticleId(related),
                origin: origin(&from)?,
                position: u32::try_from(position).unwrap_or(u32::MAX),
                set_at: timestamp(set_at)?,
            });
        }
    }
    Ok(out)
}

/// Which of `ids` are articles (in the trash or not).
async fn existing(conn: &mut AnyConnection, ids: &[i64]) -> Result<BTreeSet<i64>, StoreError> {
    let mut found = BTreeSet::new();
    for chunk in ids.chunks(CHUNK) {
        let mut q = Sql::new("SELECT id FROM articles WHERE id IN (");
        q.bind_list(chunk).push(")");
        let rows: Vec<(i64,)> = q.query_as()?.fetch_all(&mut *conn).await.map_err(backend)?;
        found.extend(rows.into_iter().map(|(id,)| id));
    }
    Ok(found)
}

/// Appends each article to the change log; returns the positions written.
async fn log_changes(
    conn: &mut AnyConnection,
    articles: &[i64],
    now: Timestamp,
) -> Result<Vec<i64>, StoreError> {
    let mut seqs = Vec::with_capacity(articles.len());
    for chunk in articles.chunks(CHUNK) {
        let mut q = Sql::new("INSERT INTO changes (article_id, changed_at) VALUES ");
        for (i, article) in chunk.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" })
                .bind(*article)
                .push(", ")
                .bind(secs(now))
                .push(")");
        }
        q.push(" RETURNING seq");
        let rows: Vec<(i64,)> = q.query_as()?.fetch_all(&mut *conn).await.map_err(backend)?;
        seqs.extend(rows.into_iter().map(|(seq,)| seq));
    }
    Ok(seqs)
}

/// The entry `(article, related)` and how it stands, if stored; and whether
/// `related` is an article out of the trash.
async fn entry(
    conn: &mut AnyConnection,
    article: ArticleId,
    related: ArticleId,
) -> Result<(Option<RelatedOrigin>, bool), StoreError> {
    let row: Option<(Option<String>,)> = sqlx::query_as(
        "SELECT (SELECT r.origin FROM related r WHERE r.article_id = $1 AND r.related_id = a.id)
         FROM articles a WHERE a.id = $2 AND a.deleted_at IS NULL",
    )
    .bind(article.0)
    .bind(related.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(backend)?;
    match row {
        None => Ok((None, false)),
        Some((stored,)) => Ok((stored.as_deref().map(origin).transpose()?, true)),
    }
}

async fn count(
    conn: &mut AnyConnection,
    article: ArticleId,
    of: RelatedOrigin,
) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT count(*) FROM related WHERE article_id = $1 AND origin = $2")
        .bind(article.0)
        .bind(of.as_str())
        .fetch_one(&mut *conn)
        .await
        .map_err(backend)
}

/// Makes `(article, related)` a pinned or removed entry, whatever it was.
async fn put(
    conn: &mut AnyConnection,
    article: ArticleId,
    related: ArticleId,
    as_: RelatedOrigin,
    now: Timestamp,
) -> Result<(), StoreError> {
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM related WHERE article_id = $1 AND origin = $2",
    )
    .bind(article.0)
    .bind(as_.as_str())
    .fetch_one(&mut *conn)
    .await
    .map_err(backend)?;
    sqlx::query(
        "INSERT INTO related (article_id, related_id, origin, position, set_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (article_id, related_id) DO UPDATE
         SET origin = excluded.origin, position = excluded.position, set_at = excluded.set_at",
    )
    .bind(article.0)
    .bind(related.0)
    .bind(as_.as_str())
    .bind(position)
    .bind(secs(now))
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(())
}

/// Deletes the entry if it is `of` that origin; whether it was.
async fn take_out(
    conn: &mut AnyConnection,
    article: ArticleId,
    related: ArticleId,
    of: RelatedOrigin,
) -> Result<bool, StoreError> {
    let gone = sqlx::query(
        "DELETE FROM related WHERE article_id = $1 AND related_id = $2 AND origin = $3",
    )
    .bind(article.0)
    .bind(related.0)
    .bind(of.as_str())
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(gone.rows_affected() > 0)
}

/// Pins or removes: unchanged when it already is so, full at `max`.
async fn choose(
    conn: &mut AnyConnection,
    article: ArticleId,
    related: ArticleId,
    as_: RelatedOrigin,
    max: u32,
    now: Timestamp,
) -> Result<RelatedOutcome, StoreError> {
    let (stored, exists) = entry(conn, article, related).await?;
    if !exists {
        return Ok(RelatedOutcome::Unknown);
    }
    if stored == Some(as_) {
        return Ok(RelatedOutcome::Unchanged);
    }
    if count(conn, article, as_).await? >= i64::from(max) {
        return Ok(RelatedOutcome::Full);
    }
    put(conn, article, related, as_, now).await?;
    Ok(RelatedOutcome::Done)
}

#[async_trait]
impl RelatedStore for SqlStore {
    async fn related_rows(&self, articles: &[ArticleId]) -> Result<Vec<RelatedRow>, StoreError> {
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        rows_of(&mut conn, &ids(articles), false).await
    }

    async fn related_for_readers(
        &self,
        article: ArticleId,
        now: Timestamp,
        limit: u32,
    ) -> Result<RelatedRead, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            summary: SummaryRow,
            origin: String,
            set_at: i64,
            list_set_at: i64,
        }
        let rows: Vec<Row> = readers_query(article, now, limit)
            .query_as()?
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut read = RelatedRead::default();
        for row in rows {
            let changed = timestamp(row.set_at.max(row.list_set_at))?;
            read.changed_at = read.changed_at.max(Some(changed));
            read.entries
                .push((origin(&row.origin)?, row.summary.into_summary()?));
        }
        Ok(read)
    }

    async fn set_computed_related(
        &self,
        lists: &[(ArticleId, Vec<ArticleId>)],
        now: Timestamp,
    ) -> Result<Vec<i64>, StoreError> {
        if lists.is_empty() {
            return Ok(Vec::new());
        }
        self.writing(async |c| {
            let articles: Vec<i64> = lists.iter().map(|(a, _)| a.0).collect();
            let mut stored: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
            for row in rows_of(&mut *c, &articles, true).await? {
                stored.entry(row.article.0).or_default().push(row.related.0);
            }
            let named: BTreeSet<i64> = lists
                .iter()
                .flat_map(|(a, list)| std::iter::once(a).chain(list))
                .map(|a| a.0)
                .collect();
            let named: Vec<i64> = named.into_iter().collect();
            let there = existing(&mut *c, &named).await?;
            let mut changed = Vec::new();
            let mut entries = Vec::new();
            for (article, list) in lists {
                let article = article.0;
                if !there.contains(&article) || changed.contains(&article) {
                    continue;
                }
                let mut new: Vec<i64> = Vec::with_capacity(list.len());
                for id in list.iter().map(|a| a.0) {
                    if id != article && there.contains(&id) && !new.contains(&id) {
                        new.push(id);
                    }
                }
                if stored.get(&article).map_or(&[][..], |v| &v[..]) == new.as_slice() {
                    continue;
                }
                changed.push(article);
                entries.extend(new.into_iter().enumerate().map(|(i, id)| (article, id, i)));
            }
            if changed.is_empty() {
                return Ok(Vec::new());
            }
            for chunk in changed.chunks(CHUNK) {
                let mut q = Sql::new("DELETE FROM related WHERE origin = 'auto' AND article_id IN (");
                q.bind_list(chunk).push(")");
                q.query()?.execute(&mut *c).await.map_err(backend)?;
            }
            for chunk in entries.chunks(CHUNK) {
                let mut q = Sql::new(
                    "INSERT INTO related (article_id, related_id, origin, position, set_at) VALUES ",
                );
                for (i, (article, id, position)) in chunk.iter().enumerate() {
                    q.push(if i == 0 { "(" } else { ", (" })
                        .bind(*article)
                        .push(", ")
                        .bind(*id)
                        .push(", 'auto', ")
                        .bind(*position as i64)
                        .push(", ")
                        .bind(secs(now))
                        .push(")");
                }
                // An entry the newsroom pinned or removed meanwhile stays theirs.
                q.push(" ON CONFLICT (article_id, related_id) DO NOTHING");
                q.query()?.execute(&mut *c).await.map_err(backend)?;
            }
            log_changes(&mut *c, &changed, now).await
        })
        .await
    }

    async fn related_write(
        &self,
        article: ArticleId,
        write: &RelatedWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<RelatedOutcome, StoreError> {
        self.writing(async |c| {
            let open: Option<i64> =
                sqlx::query_scalar("SELECT id FROM articles WHERE id = $1 AND deleted_at IS NULL")
                    .bind(article.0)
                    .fetch_optional(&mut *c)
                    .await
                    .map_err(backend)?;
            if open.is_none() {
                return Ok(RelatedOutcome::Unknown);
            }
            let outcome = match *write {
                RelatedWrite::Pin { related, max } => {
                    choose(&mut *c, article, related, RelatedOrigin::Pinned, max, now).await?
                }
                RelatedWrite::Remove { related, max } => {
                    choose(&mut *c, article, related, RelatedOrigin::Removed, max, now).await?
                }
                RelatedWrite::Unpin(related) => {
                    match take_out(&mut *c, article, related, RelatedOrigin::Pinned).await? {
                        true => RelatedOutcome::Done,
                        false => RelatedOutcome::Unchanged,
                    }
                }
                RelatedWrite::Restore(related) => {
                    match take_out(&mut *c, article, related, RelatedOrigin::Removed).await? {
                        true => RelatedOutcome::Done,
                        false => RelatedOutcome::Unchanged,
                    }
                }
            };
            if outcome == RelatedOutcome::Done {
                log_changes(&mut *c, &[article.0], now).await?;
                append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            }
            Ok(outcome)
        })
        .await
    }
}

/// An article's related stories that readers see, `limit` at most. The
/// article's few rows come first: without statistics, SQLite's planner (3.51)
/// would rather walk every published article, 100-400 ms a page at 100,000
/// articles. CROSS JOIN fixes SQLite's order (PostgreSQL plans it as the inner
/// join it is).
fn readers_query(article: ArticleId, now: Timestamp, limit: u32) -> Sql {
    let mut q = Sql::new("SELECT ");
    q.push(SUMMARY_COLUMNS)
        .push(
            ", r.origin, r.set_at,
             (SELECT MAX(z.set_at) FROM related z WHERE z.article_id = r.article_id)
                AS list_set_at
             FROM related r CROSS JOIN articles a",
        )
        .push(SUMMARY_JOINS)
        .push(" WHERE r.article_id = ")
        .bind(article.0)
        .push(
            " AND a.id = r.related_id AND r.origin <> 'removed'
              AND a.status = 'published' AND a.deleted_at IS NULL
              AND a.published_at <= ",
        )
        .bind(secs(now))
        .push(
            " ORDER BY CASE WHEN r.origin = 'pinned' THEN 0 ELSE 1 END, r.position
              LIMIT ",
        )
        .bind(i64::from(limit));
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SQLite's plan for the reader's query starts from the article's own rows,
    /// whatever the planner would guess without statistics.
    #[tokio::test]
    async fn readers_query_starts_from_the_articles_own_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqlStore::open(&dir.path().join("nashir.db")).await.unwrap();
        let steps = readers_query(ArticleId(1), Timestamp::now(), 5)
            .plan(&store.pool)
            .await;
        let first = steps.first().map(String::as_str).unwrap_or("");
        assert!(first.starts_with("SEARCH r USING"), "{first}");
        assert!(steps.iter().all(|s| !s.starts_with("SCAN")), "{steps:?}");
    }
}
