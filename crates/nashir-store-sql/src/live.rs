//! Live coverage: its times on the article row, its entries in `live_entries`.
//! Each write is one transaction with its audit line; the change log follows by
//! the triggers on both tables.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{Audit, EntryText, LiveOutcome, LiveWrite};
use nashir_app::{LiveStore, StoreError};
use nashir_core::ArticleId;
use nashir_core::live::{EntryKind, LiveEntry};
use sqlx::AnyConnection;

use crate::media::MediaRow;
use crate::rows::{secs, timestamp};
use crate::sql::{Arg, Sql, execute};
use crate::{SqlStore, accounts, backend};

/// An entry with its picture (`e` entries, `m` media).
const ENTRY_SELECT: &str = "SELECT e.id, e.kind, e.body, e.attribution, e.created_at, e.created_by,
        e.edited_at, m.id AS media_id, m.ext AS media_ext, m.width AS media_width,
        m.height AS media_height, m.widths AS media_widths, m.alt AS media_alt
    FROM live_entries e LEFT JOIN media m ON m.id = e.media_id
    WHERE e.article_id = ";

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    kind: String,
    body: String,
    attribution: String,
    created_at: i64,
    created_by: Option<i64>,
    edited_at: Option<i64>,
    media_id: Option<i64>,
    media_ext: Option<String>,
    media_width: Option<i64>,
    media_height: Option<i64>,
    media_widths: Option<String>,
    media_alt: Option<String>,
}

impl EntryRow {
    fn into_entry(self) -> Result<LiveEntry, StoreError> {
        let media = match self.media_id {
            Some(id) => Some(
                MediaRow {
                    id,
                    ext: self.media_ext.unwrap_or_default(),
                    width: self.media_width.unwrap_or(0),
                    height: self.media_height.unwrap_or(0),
                    widths: self.media_widths.unwrap_or_default(),
                    alt: self.media_alt.unwrap_or_default(),
                    created_by: None,
                }
                .into_media()?,
            ),
            None => None,
        };
        Ok(LiveEntry {
            kind: EntryKind::parse(&self.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("live entry {} kind", self.id)))?,
            id: self.id,
            body: self.body,
            attribution: self.attribution,
            media,
            created_at: timestamp(self.created_at)?,
            created_by: self.created_by,
            edited_at: self.edited_at.map(timestamp).transpose()?,
        })
    }
}

/// The article's coverage is open and how many entries it holds; none when the
/// article is gone (or in the trash) or its coverage is not open.
async fn open_with_count(
    conn: &mut AnyConnection,
    article: ArticleId,
) -> Result<Option<i64>, StoreError> {
    sqlx::query_scalar(
        "SELECT (SELECT count(*) FROM live_entries e WHERE e.article_id = a.id)
         FROM articles a
         WHERE a.id = $1 AND a.deleted_at IS NULL
           AND a.live_started_at IS NOT NULL AND a.live_ended_at IS NULL",
    )
    .bind(article.0)
    .fetch_optional(conn)
    .await
    .map_err(backend)
}

async fn insert(
    conn: &mut AnyConnection,
    article: ArticleId,
    entry: &EntryText,
    by: i64,
    now: Timestamp,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO live_entries (article_id, kind, body, attribution, media_id, created_at,
                                   created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(article.0)
    .bind(entry.kind.as_str())
    .bind(&entry.body)
    .bind(&entry.attribution)
    .bind(entry.media)
    .bind(secs(now))
    .bind(by)
    .fetch_one(conn)
    .await
    .map_err(backend)
}

/// Rewrites entry `id` of `article` (an article not in the trash); false if none.
async fn update(
    conn: &mut AnyConnection,
    article: ArticleId,
    id: i64,
    entry: &EntryText,
    by: i64,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let mut q = Sql::new("UPDATE live_entries SET kind = ");
    q.bind(entry.kind.as_str().to_string())
        .push(", body = ")
        .bind(entry.body.clone())
        .push(", attribution = ")
        .bind(entry.attribution.clone())
        .push(", media_id = ")
        .bind(entry.media)
        .push(", edited_at = ")
        .bind(secs(now))
        .push(", edited_by = ")
        .bind(by)
        .push(" WHERE id = ")
        .bind(id)
        .push(" AND article_id = ")
        .bind(article.0)
        .push(" AND EXISTS (SELECT 1 FROM articles a WHERE a.id = ")
        .bind(article.0)
        .push(" AND a.deleted_at IS NULL)");
    let changed = q.query()?.execute(conn).await.map_err(backend)?;
    Ok(changed.rows_affected() > 0)
}

/// Applies one write on `conn` (the caller's write transaction). Nothing is
/// written unless the write is done, the audit line with it.
async fn apply(
    conn: &mut AnyConnection,
    article: ArticleId,
    write: &LiveWrite,
    audit: &Audit,
    now: Timestamp,
) -> Result<LiveOutcome, StoreError> {
    let at = Arg::Int(secs(now));
    let id = Arg::Int(article.0);
    let changed = |n: u64, done: i64| {
        if n > 0 {
            LiveOutcome::Done(done)
        } else {
            LiveOutcome::Stale
        }
    };
    let outcome = match write {
        LiveWrite::Open => {
            let sql = "UPDATE articles
                       SET live_started_at = COALESCE(live_started_at, $1), live_ended_at = NULL,
                           modified_at = $1
                       WHERE id = $2 AND deleted_at IS NULL
                         AND (live_started_at IS NULL OR live_ended_at IS NOT NULL)";
            changed(execute(&mut *conn, sql, &[at, id]).await?, 0)
        }
        LiveWrite::Close => {
            let sql = "UPDATE articles SET live_ended_at = $1, modified_at = $1
                       WHERE id = $2 AND deleted_at IS NULL
                         AND live_started_at IS NOT NULL AND live_ended_at IS NULL";
            changed(execute(&mut *conn, sql, &[at, id]).await?, 0)
        }
        LiveWrite::Cancel => {
            let sql = "UPDATE articles
                       SET live_started_at = NULL, live_ended_at = NULL, modified_at = $1
                       WHERE id = $2 AND deleted_at IS NULL AND live_started_at IS NOT NULL
                         AND NOT EXISTS (SELECT 1 FROM live_entries e WHERE e.article_id = $2)";
            changed(execute(&mut *conn, sql, &[at, id]).await?, 0)
        }
        LiveWrite::Add { entry, by, max } => match open_with_count(conn, article).await? {
            None => LiveOutcome::Stale,
            Some(n) if n >= i64::from(*max) => LiveOutcome::Full,
            Some(_) => {
                let entry_id = insert(conn, article, entry, *by, now).await?;
                // An update readers see: a published article's "last updated" moves.
                let sql = "UPDATE articles SET modified_at = $1,
                               updated_at = CASE WHEN status = 'published' AND updated_at < $1
                                            THEN $1 ELSE updated_at END
                           WHERE id = $2";
                execute(&mut *conn, sql, &[at, id]).await?;
                LiveOutcome::Done(entry_id)
            }
        },
        LiveWrite::Edit {
            id: entry_id,
            entry,
            by,
        } => {
            let done = update(conn, article, *entry_id, entry, *by, now).await?;
            changed(u64::from(done), *entry_id)
        }
        LiveWrite::Delete { id: entry_id } => {
            let sql = "DELETE FROM live_entries WHERE id = $1 AND article_id = $2
                       AND EXISTS (SELECT 1 FROM articles a WHERE a.id = $2 AND a.deleted_at IS NULL)";
            let n = execute(&mut *conn, sql, &[Arg::Int(*entry_id), id]).await?;
            changed(n, *entry_id)
        }
    };
    if let LiveOutcome::Done(_) = outcome {
        if matches!(write, LiveWrite::Edit { .. } | LiveWrite::Delete { .. }) {
            let sql = "UPDATE articles SET modified_at = $1 WHERE id = $2";
            execute(&mut *conn, sql, &[Arg::Int(secs(now)), Arg::Int(article.0)]).await?;
        }
        accounts::append_audit(conn, audit.by, &audit.action, &audit.target, now).await?;
    }
    Ok(outcome)
}

#[async_trait]
impl LiveStore for SqlStore {
    async fn live_write(
        &self,
        article: ArticleId,
        write: &LiveWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<LiveOutcome, StoreError> {
        self.writing(async |c| apply(c, article, write, audit, now).await)
            .await
    }

    async fn live_entries(
        &self,
        article: ArticleId,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<LiveEntry>, StoreError> {
        let mut q = Sql::new(ENTRY_SELECT);
        q.bind(article.0);
        if let Some(before) = before {
            q.push(
                " AND (e.created_at, e.id) < (SELECT b.created_at, b.id FROM live_entries b
                   WHERE b.id = ",
            )
            .bind(before)
            .push(" AND b.article_id = ")
            .bind(article.0)
            .push(")");
        }
        q.push(" ORDER BY e.created_at DESC, e.id DESC LIMIT ")
            .bind(i64::from(limit));
        q.query_as::<EntryRow>()?
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?
            .into_iter()
            .map(EntryRow::into_entry)
            .collect()
    }

    async fn live_entry(
        &self,
        article: ArticleId,
        id: i64,
    ) -> Result<Option<LiveEntry>, StoreError> {
        let mut q = Sql::new(ENTRY_SELECT);
        q.bind(article.0).push(" AND e.id = ").bind(id);
        q.query_as::<EntryRow>()?
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?
            .map(EntryRow::into_entry)
            .transpose()
    }

    async fn live_entry_count(&self, article: ArticleId) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM live_entries WHERE article_id = $1")
            .bind(article.0)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
