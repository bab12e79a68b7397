//! The urgent strip and the stories placed on the fronts.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{Audit, NewUrgent, Urgent};
use nashir_app::{FrontStore, StoreError};
use nashir_core::ArticleId;

use crate::accounts::append_audit;
use crate::rows::{secs, timestamp};
use crate::{SqlStore, backend};

/// An urgent line with its article's slug (NULL for a bulletin alone).
type UrgentRow = (i64, String, String, Option<i64>, Option<String>, i64, i64);

const URGENT_SELECT: &str = "SELECT u.id, u.language, u.text, u.article_id, a.slug, u.created_at,
                                    u.expires_at
                             FROM urgent u LEFT JOIN articles a ON a.id = u.article_id";

fn urgent(row: UrgentRow) -> Result<Urgent, StoreError> {
    let (id, language, text, article, slug, created_at, expires_at) = row;
    Ok(Urgent {
        id,
        language,
        text,
        article: article.zip(slug).map(|(id, slug)| (ArticleId(id), slug)),
        created_at: timestamp(created_at)?,
        expires_at: timestamp(expires_at)?,
    })
}

#[async_trait]
impl FrontStore for SqlStore {
    async fn urgent(&self, language: &str, now: Timestamp) -> Result<Vec<Urgent>, StoreError> {
        // A line that links to an article shows only while the article is public.
        let rows: Vec<UrgentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{URGENT_SELECT}
             WHERE u.language = $1 AND u.expires_at > $2
                   AND (u.article_id IS NULL
                        OR (a.status = 'published' AND a.published_at <= $3
                            AND a.deleted_at IS NULL))
             ORDER BY u.created_at DESC, u.id DESC LIMIT 3"
        )))
        .bind(language)
        .bind(secs(now))
        .bind(secs(now))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(urgent).collect()
    }

    async fn recent_urgent(&self, since: Timestamp, limit: u32) -> Result<Vec<Urgent>, StoreError> {
        let rows: Vec<UrgentRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{URGENT_SELECT} WHERE u.created_at > $1
             ORDER BY u.created_at DESC, u.id DESC LIMIT $2"
        )))
        .bind(secs(since))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(urgent).collect()
    }

    async fn add_urgent(
        &self,
        new: &NewUrgent,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        self.writing(async |c| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO urgent (language, text, article_id, created_at, expires_at, created_by)
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(new.language.as_str())
            .bind(new.text.as_str())
            .bind(new.article.map(|a| a.0))
            .bind(secs(now))
            .bind(secs(new.expires_at))
            .bind(new.by)
            .fetch_one(&mut *c)
            .await
            .map_err(backend)?;
            let target = format!("{id}: {}", audit.target);
            append_audit(&mut *c, audit.by, &audit.action, &target, now).await?;
            Ok(id)
        })
        .await
    }

    async fn end_urgent(&self, id: i64, audit: &Audit, now: Timestamp) -> Result<bool, StoreError> {
        self.writing(async |c| {
            let ended =
                sqlx::query("UPDATE urgent SET expires_at = $1 WHERE id = $2 AND expires_at > $3")
                    .bind(secs(now))
                    .bind(id)
                    .bind(secs(now))
                    .execute(&mut *c)
                    .await
                    .map_err(backend)?
                    .rows_affected()
                    > 0;
            if ended {
                append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            }
            Ok(ended)
        })
        .await
    }

    async fn front_slots(&self, front: i64) -> Result<Vec<(u32, ArticleId)>, StoreError> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT position, article_id FROM front_slots WHERE front = $1 ORDER BY position",
        )
        .bind(front)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(position, id)| (u32::try_from(position).unwrap_or(u32::MAX), ArticleId(id)))
            .collect())
    }

    async fn set_front_slots(
        &self,
        front: i64,
        slots: &[(u32, ArticleId)],
        audit: &Audit,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.writing(async |c| {
            sqlx::query("DELETE FROM front_slots WHERE front = $1")
                .bind(front)
                .execute(&mut *c)
                .await
                .map_err(backend)?;
            for (position, article) in slots {
                sqlx::query(
                    "INSERT INTO front_slots (front, position, article_id) VALUES ($1, $2, $3)",
                )
                .bind(front)
                .bind(i64::from(*position))
                .bind(article.0)
                .execute(&mut *c)
                .await
                .map_err(backend)?;
            }
            append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await
        })
        .await
    }
}
