//! Rate-limit slots: rows of `rate_events` taken inside the write transaction of
//! the action they limit, so counting and recording are one step on every node.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::LimitStore;
use nashir_app::StoreError;
use nashir_app::records::Limit;
use sqlx::AnyConnection;

use crate::SqlStore;
use crate::backend;
use crate::rows::secs;
use crate::sql::{Arg, execute};

/// Takes one slot under every limit, or none (returns `None`) when any of them
/// already holds `max` events within its window. Call it inside a write
/// transaction: the write lock is what makes the count and the insert one step.
pub async fn take(
    conn: &mut AnyConnection,
    limits: &[Limit],
    now: Timestamp,
) -> Result<Option<Vec<i64>>, StoreError> {
    for limit in limits {
        let since = now.checked_sub(limit.window).unwrap_or(now);
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM rate_events WHERE key = $1 AND at >= $2")
                .bind(&limit.key)
                .bind(secs(since))
                .fetch_one(&mut *conn)
                .await
                .map_err(backend)?;
        if n >= i64::from(limit.max) {
            return Ok(None);
        }
    }
    let mut slots = Vec::with_capacity(limits.len());
    for limit in limits {
        let id: i64 =
            sqlx::query_scalar("INSERT INTO rate_events (key, at) VALUES ($1, $2) RETURNING id")
                .bind(&limit.key)
                .bind(secs(now))
                .fetch_one(&mut *conn)
                .await
                .map_err(backend)?;
        slots.push(id);
    }
    if !limits.is_empty() {
        // No limit looks back further than a day; known sign-in addresses a month.
        sqlx::query(
            "DELETE FROM rate_events WHERE at < $1 AND (at < $2 OR key NOT LIKE 'login:known:%')",
        )
        .bind(secs(now) - 2 * 86_400)
        .bind(secs(now) - 30 * 86_400)
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
    }
    Ok(Some(slots))
}

pub async fn release(conn: &mut AnyConnection, slots: &[i64]) -> Result<(), StoreError> {
    for id in slots {
        sqlx::query("DELETE FROM rate_events WHERE id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    }
    Ok(())
}

#[async_trait]
impl LimitStore for SqlStore {
    async fn rate_events(&self, key: &str, since: Timestamp) -> Result<u32, StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM rate_events WHERE key = $1 AND at >= $2")
                .bind(key)
                .bind(secs(since))
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    async fn reserve(
        &self,
        limits: &[Limit],
        now: Timestamp,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        // Refused: the transaction rolls back, and took nothing.
        let mut tx = self.write_tx().await?;
        let slots = take(&mut tx, limits, now).await?;
        if slots.is_some() {
            tx.commit().await.map_err(backend)?;
        }
        Ok(slots)
    }

    async fn release(&self, slots: &[i64]) -> Result<(), StoreError> {
        self.writing(async |c| release(c, slots).await).await
    }

    async fn clear_rate_events(&self, key: &str) -> Result<(), StoreError> {
        let sql = "DELETE FROM rate_events WHERE key = $1";
        execute(&self.pool, sql, &[Arg::Text(key)]).await?;
        Ok(())
    }
}
