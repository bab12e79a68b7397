//! The mail outbox.

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::StoreError;
use nashir_app::records::{Limit, MailRecord, OutgoingMail, QueuedMail};
use nashir_app::{Guarded, OutboxStore};
use sqlx::AnyPool;

use crate::rows::{secs, timestamp};
use crate::{Dialect, backend};
use crate::{SqlStore, limits};

pub async fn enqueue(
    conn: &mut sqlx::AnyConnection,
    mail: &OutgoingMail,
    now: Timestamp,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO outbox (kind, recipient, sender, message, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&mail.kind)
    .bind(&mail.recipient)
    .bind(&mail.sender)
    .bind(&mail.message)
    .bind(secs(now))
    .bind(secs(now))
    .fetch_one(conn)
    .await
    .map_err(backend)
}

/// One statement. SQLite runs it under the write lock, so two workers never claim
/// the same message; PostgreSQL runs it without that lock, and `SKIP LOCKED` lets
/// workers on several nodes each take a different message at once.
pub async fn claim<'c, E>(
    conn: E,
    dialect: Dialect,
    now: Timestamp,
    hold_until: Timestamp,
) -> Result<Option<QueuedMail>, StoreError>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    let lock = match dialect {
        Dialect::Sqlite => "",
        Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
    };
    let sql = format!(
        "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
         WHERE id = (SELECT id FROM outbox
                     WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2
                       AND (claimed_until IS NULL OR claimed_until <= $3)
                     ORDER BY next_attempt_at, id LIMIT 1 {lock})
         RETURNING id, recipient, sender, message, attempts"
    );
    let row: Option<(i64, String, String, Vec<u8>, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(secs(hold_until))
        .bind(secs(now))
        .bind(secs(now))
        .fetch_optional(conn)
        .await
        .map_err(backend)?;
    Ok(
        row.map(|(id, recipient, sender, message, attempts)| QueuedMail {
            id,
            recipient,
            sender,
            message,
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        }),
    )
}

pub async fn sent(pool: &AnyPool, id: i64, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, claimed_until = NULL, last_error = NULL WHERE id = $2",
    )
    .bind(secs(now))
    .bind(id)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(())
}

pub async fn failed(
    pool: &AnyPool,
    id: i64,
    error: &str,
    retry_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let error: String = error.chars().take(500).collect();
    let query = match retry_at {
        Some(at) => sqlx::query(
            "UPDATE outbox SET next_attempt_at = $1, claimed_until = NULL, last_error = $2 WHERE id = $3",
        )
        .bind(secs(at)),
        None => sqlx::query(
            "UPDATE outbox SET failed_at = $1, claimed_until = NULL, last_error = $2 WHERE id = $3",
        )
        .bind(secs(now)),
    };
    query
        .bind(error)
        .bind(id)
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    kind: String,
    recipient: String,
    created_at: i64,
    attempts: i64,
    sent_at: Option<i64>,
    failed_at: Option<i64>,
    last_error: Option<String>,
}

pub async fn list(pool: &AnyPool, limit: u32) -> Result<Vec<MailRecord>, StoreError> {
    sqlx::query_as::<_, RecordRow>(
        "SELECT id, kind, recipient, created_at, attempts, sent_at, failed_at, last_error
         FROM outbox ORDER BY id DESC LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(backend)?
    .into_iter()
    .map(|r| {
        Ok(MailRecord {
            id: r.id,
            kind: r.kind,
            recipient: r.recipient,
            created_at: timestamp(r.created_at)?,
            attempts: u32::try_from(r.attempts).unwrap_or(0),
            sent_at: r.sent_at.map(timestamp).transpose()?,
            failed_at: r.failed_at.map(timestamp).transpose()?,
            last_error: r.last_error,
        })
    })
    .collect()
}

#[async_trait]
impl OutboxStore for SqlStore {
    async fn enqueue_mails(
        &self,
        mails: &[OutgoingMail],
        limits: &[Limit],
        now: Timestamp,
    ) -> Result<Guarded<Vec<i64>>, StoreError> {
        let mut tx = self.write_tx().await?;
        if limits::take(&mut tx, limits, now).await?.is_none() {
            return Ok(Guarded::OverLimit);
        }
        let mut ids = Vec::with_capacity(mails.len());
        for mail in mails {
            ids.push(enqueue(&mut tx, mail, now).await?);
        }
        tx.commit().await.map_err(backend)?;
        Ok(Guarded::Done(ids))
    }

    async fn claim_mail(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<Option<QueuedMail>, StoreError> {
        match self.dialect {
            Dialect::Sqlite => {
                self.writing(async |c| claim(c, self.dialect, now, hold_until).await)
                    .await
            }
            Dialect::Postgres => claim(&self.pool, self.dialect, now, hold_until).await,
        }
    }

    async fn mail_sent(&self, id: i64, now: Timestamp) -> Result<(), StoreError> {
        sent(&self.pool, id, now).await
    }

    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        failed(&self.pool, id, error, retry_at, now).await
    }

    async fn outbox(&self, limit: u32) -> Result<Vec<MailRecord>, StoreError> {
        list(&self.pool, limit).await
    }
}
