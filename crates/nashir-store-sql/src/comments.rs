//! Readers' comments.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::StoreError;
use nashir_app::records::{Comment, CommentStatus, Limit, NewComment, QueuedComment};
use nashir_app::{Audit, CommentStore, Guarded};
use nashir_core::ArticleId;
use nashir_core::language::Language;
use sqlx::AnyPool;

use crate::backend;
use crate::rows::{secs, timestamp};
use crate::sql::Sql;
use crate::{SqlStore, accounts, limits, webhooks};

const COLUMNS: &str = "c.id, c.article_id, c.parent_id, c.author_name, c.author_email, c.body, \
                       c.status, c.address, c.created_at, c.moderated_at";

#[derive(sqlx::FromRow)]
pub struct CommentRow {
    id: i64,
    article_id: i64,
    parent_id: Option<i64>,
    author_name: String,
    author_email: Option<String>,
    body: String,
    status: String,
    address: String,
    created_at: i64,
    moderated_at: Option<i64>,
}

impl CommentRow {
    fn into_comment(self) -> Result<Comment, StoreError> {
        Ok(Comment {
            status: CommentStatus::parse(&self.status)
                .ok_or_else(|| StoreError::Corrupt(format!("comment {} status", self.id)))?,
            id: self.id,
            article_id: ArticleId(self.article_id),
            parent_id: self.parent_id,
            author_name: self.author_name,
            author_email: self.author_email,
            body: self.body,
            address: self.address,
            created_at: timestamp(self.created_at)?,
            moderated_at: self.moderated_at.map(timestamp).transpose()?,
        })
    }
}

fn all(rows: Vec<CommentRow>) -> Result<Vec<Comment>, StoreError> {
    rows.into_iter().map(CommentRow::into_comment).collect()
}

pub async fn add(
    conn: &mut sqlx::AnyConnection,
    c: &NewComment,
    now: Timestamp,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO comments (article_id, parent_id, author_name, author_email, body,
                               fingerprint, address, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.article_id.0)
    .bind(c.parent_id)
    .bind(&c.author_name)
    .bind(&c.author_email)
    .bind(&c.body)
    .bind(&c.fingerprint)
    .bind(&c.address)
    .bind(secs(now))
    .fetch_one(conn)
    .await
    .map_err(backend)
}

pub async fn one(pool: &AnyPool, id: i64) -> Result<Option<Comment>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM comments c WHERE c.id = $1");
    sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(backend)?
        .map(CommentRow::into_comment)
        .transpose()
}

pub async fn of_article(
    pool: &AnyPool,
    article: ArticleId,
    status: CommentStatus,
) -> Result<Vec<Comment>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM comments c WHERE c.article_id = $1 AND c.status = $2
         ORDER BY c.created_at, c.id"
    );
    all(sqlx::query_as::<_, CommentRow>(sqlx::AssertSqlSafe(sql))
        .bind(article.0)
        .bind(status.as_str())
        .fetch_all(pool)
        .await
        .map_err(backend)?)
}

#[derive(sqlx::FromRow)]
struct QueuedRow {
    #[sqlx(flatten)]
    comment: CommentRow,
    article_title: String,
    article_slug: String,
    article_language: String,
}

pub async fn by_status(
    pool: &AnyPool,
    status: CommentStatus,
    limit: u32,
) -> Result<Vec<QueuedComment>, StoreError> {
    let order = if status == CommentStatus::Pending {
        "ASC"
    } else {
        "DESC"
    };
    let sql = format!(
        "SELECT {COLUMNS}, a.title AS article_title, a.slug AS article_slug,
                a.language AS article_language
         FROM comments c JOIN articles a ON a.id = c.article_id
         WHERE c.status = $1 ORDER BY c.created_at {order}, c.id {order} LIMIT $2"
    );
    sqlx::query_as::<_, QueuedRow>(sqlx::AssertSqlSafe(sql))
        .bind(status.as_str())
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await
        .map_err(backend)?
        .into_iter()
        .map(|r| {
            Ok(QueuedComment {
                comment: r.comment.into_comment()?,
                article_title: r.article_title,
                article_slug: r.article_slug,
                article_language: Language::of_article(&r.article_language),
            })
        })
        .collect()
}

pub async fn counts(pool: &AnyPool) -> Result<Vec<(CommentStatus, u64)>, StoreError> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, count(*) FROM comments GROUP BY status")
            .fetch_all(pool)
            .await
            .map_err(backend)?;
    Ok(CommentStatus::ALL
        .into_iter()
        .map(|s| {
            let n = rows
                .iter()
                .find(|(name, _)| name == s.as_str())
                .map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0));
            (s, n)
        })
        .collect())
}

pub async fn moderate(
    tx: &mut sqlx::AnyConnection,
    ids: &[i64],
    status: Option<CommentStatus>,
    by: Option<i64>,
    now: Timestamp,
) -> Result<u64, StoreError> {
    if ids.is_empty() {
        return Ok(0);
    }
    let mut q = match status {
        Some(status) => {
            let mut q = Sql::new("UPDATE comments SET status = ");
            q.bind(status.as_str().to_string())
                .push(", moderated_at = ")
                .bind(secs(now))
                .push(", moderated_by = ")
                .bind(by)
                .push(" WHERE status <> ")
                .bind(status.as_str().to_string())
                .push(" AND id IN (");
            q
        }
        None => Sql::new("DELETE FROM comments WHERE id IN ("),
    };
    q.bind_list(ids).push(")");
    Ok(q.query()?
        .execute(tx)
        .await
        .map_err(backend)?
        .rows_affected())
}

/// Whether the comment's article has one with its fingerprint since `since`.
pub async fn has_like(
    conn: &mut sqlx::AnyConnection,
    c: &NewComment,
    since: Timestamp,
) -> Result<bool, StoreError> {
    let found: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT 1 FROM comments
         WHERE fingerprint = $1 AND article_id = $2 AND created_at >= $3 LIMIT 1) AS found",
    )
    .bind(&c.fingerprint)
    .bind(c.article_id.0)
    .bind(secs(since))
    .fetch_one(conn)
    .await
    .map_err(backend)?;
    Ok(found > 0)
}

#[async_trait]
impl CommentStore for SqlStore {
    async fn add_comment(
        &self,
        comment: &NewComment,
        limits: &[Limit],
        unless_like_since: Timestamp,
        now: Timestamp,
    ) -> Result<Guarded<i64>, StoreError> {
        let mut tx = self.write_tx().await?;
        if has_like(&mut tx, comment, unless_like_since).await? {
            return Ok(Guarded::Duplicate);
        }
        if limits::take(&mut tx, limits, now).await?.is_none() {
            return Ok(Guarded::OverLimit);
        }
        let id = add(&mut tx, comment, now).await?;
        tx.commit().await.map_err(backend)?;
        Ok(Guarded::Done(id))
    }

    async fn comment(&self, id: i64) -> Result<Option<Comment>, StoreError> {
        one(&self.pool, id).await
    }

    async fn article_comments(
        &self,
        article: ArticleId,
        status: CommentStatus,
    ) -> Result<Vec<Comment>, StoreError> {
        of_article(&self.pool, article, status).await
    }

    async fn comments_by_status(
        &self,
        status: CommentStatus,
        limit: u32,
    ) -> Result<Vec<QueuedComment>, StoreError> {
        by_status(&self.pool, status, limit).await
    }

    async fn comment_counts(&self) -> Result<Vec<(CommentStatus, u64)>, StoreError> {
        counts(&self.pool).await
    }

    async fn moderate_comments(
        &self,
        ids: &[i64],
        status: Option<CommentStatus>,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<u64, StoreError> {
        self.writing(async |c| {
            if status == Some(CommentStatus::Approved) && !ids.is_empty() {
                let mut q = Sql::new(
                    "SELECT id, article_id FROM comments WHERE status <> 'approved' AND id IN (",
                );
                q.bind_list(ids).push(")");
                let approving: Vec<(i64, i64)> =
                    q.query_as()?.fetch_all(&mut *c).await.map_err(backend)?;
                for (id, article) in approving {
                    let data = serde_json::json!({ "id": id, "article_id": article });
                    webhooks::enqueue(c, nashir_app::webhooks::COMMENT_APPROVED, data, now).await?;
                }
            }
            let changed = moderate(c, ids, status, audit.by, now).await?;
            if changed > 0 {
                accounts::append_audit(c, audit.by, &audit.action, &audit.target, now).await?;
            }
            Ok(changed)
        })
        .await
    }
}
