//! Webhook endpoints and their deliveries: queued inside the transaction of the
//! change they tell of ([`enqueue`]), claimed one worker at a time like the mail
//! outbox (`FOR UPDATE SKIP LOCKED` on PostgreSQL, the write lock on SQLite).

use async_trait::async_trait;
use jiff::Timestamp;
use nashir_app::records::{Audit, DeliveryRecord, QueuedDelivery, Webhook};
use nashir_app::{StoreError, WebhookStore};
use sqlx::AnyConnection;

use crate::accounts::append_audit;
use crate::rows::{secs, timestamp};
use crate::sql::{Arg, execute};
use crate::{Dialect, SqlStore, backend};

/// Queues `event` with `data` for every live endpoint that takes it, on `conn`
/// (the transaction of the change it tells of).
pub async fn enqueue(
    conn: &mut AnyConnection,
    event: &str,
    data: serde_json::Value,
    now: Timestamp,
) -> Result<(), StoreError> {
    let payload = serde_json::json!({
        "type": event,
        "timestamp": now.to_string(),
        "data": data,
    })
    .to_string();
    sqlx::query(
        "INSERT INTO webhook_deliveries (webhook_id, event, payload, created_at, next_at)
         SELECT id, $1, $2, $3, $4 FROM webhooks
         WHERE disabled_at IS NULL AND (',' || events || ',') LIKE $5",
    )
    .bind(event)
    .bind(payload)
    .bind(secs(now))
    .bind(secs(now))
    .bind(format!("%,{event},%"))
    .execute(conn)
    .await
    .map_err(backend)?;
    Ok(())
}

type DeliveryRow = (
    i64,
    i64,
    String,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

#[async_trait]
impl WebhookStore for SqlStore {
    async fn add_webhook(
        &self,
        url: &str,
        events: &[String],
        secret: &str,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        self.writing(async |c| {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO webhooks (url, events, secret, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(url)
            .bind(events.join(","))
            .bind(secret)
            .bind(audit.by)
            .bind(secs(now))
            .fetch_one(&mut *c)
            .await
            .map_err(backend)?;
            append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            Ok(id)
        })
        .await
    }

    async fn webhooks(&self) -> Result<Vec<Webhook>, StoreError> {
        let rows: Vec<(i64, String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, url, events, created_at, disabled_at FROM webhooks ORDER BY id DESC",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|(id, url, events, created, disabled)| {
                Ok(Webhook {
                    id,
                    url,
                    events: events.split(',').map(str::to_string).collect(),
                    created_at: timestamp(created)?,
                    disabled_at: disabled.map(timestamp).transpose()?,
                })
            })
            .collect()
    }

    async fn disable_webhook(
        &self,
        id: i64,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.writing(async |c| {
            let sql = "UPDATE webhooks SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL";
            if execute(&mut *c, sql, &[Arg::Int(secs(now)), Arg::Int(id)]).await? == 0 {
                return Ok(false);
            }
            let sql =
                "UPDATE webhook_deliveries SET failed_at = $1, last_error = 'endpoint disabled'
                       WHERE webhook_id = $2 AND delivered_at IS NULL AND failed_at IS NULL";
            execute(&mut *c, sql, &[Arg::Int(secs(now)), Arg::Int(id)]).await?;
            append_audit(&mut *c, audit.by, &audit.action, &audit.target, now).await?;
            Ok(true)
        })
        .await
    }

    async fn claim_delivery(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<Option<QueuedDelivery>, StoreError> {
        let lock = match self.dialect {
            Dialect::Sqlite => "",
            Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE webhook_deliveries SET held_until = $1, attempts = attempts + 1
             WHERE id = (SELECT id FROM webhook_deliveries
                         WHERE delivered_at IS NULL AND failed_at IS NULL AND next_at <= $2
                           AND (held_until IS NULL OR held_until <= $3)
                         ORDER BY next_at, id LIMIT 1 {lock})
             RETURNING id, webhook_id, event, payload, attempts, created_at"
        );
        let claimed: Option<(i64, i64, String, String, i64, i64)> = self
            .writing(async |c| {
                sqlx::query_as(sqlx::AssertSqlSafe(sql))
                    .bind(secs(hold_until))
                    .bind(secs(now))
                    .bind(secs(now))
                    .fetch_optional(&mut *c)
                    .await
                    .map_err(backend)
            })
            .await?;
        let Some((id, webhook, event, payload, attempts, created)) = claimed else {
            return Ok(None);
        };
        let (url, secret): (String, String) =
            sqlx::query_as("SELECT url, secret FROM webhooks WHERE id = $1")
                .bind(webhook)
                .fetch_one(&self.pool)
                .await
                .map_err(backend)?;
        Ok(Some(QueuedDelivery {
            id,
            url,
            secret,
            event,
            payload,
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            created_at: timestamp(created)?,
        }))
    }

    async fn delivery_done(&self, id: i64, status: u16, now: Timestamp) -> Result<(), StoreError> {
        let sql = "UPDATE webhook_deliveries SET delivered_at = $1, held_until = NULL,
                       last_status = $2, last_error = NULL WHERE id = $3";
        let args = [
            Arg::Int(secs(now)),
            Arg::Int(i64::from(status)),
            Arg::Int(id),
        ];
        execute(&self.pool, sql, &args).await.map(drop)
    }

    async fn delivery_failed(
        &self,
        id: i64,
        status: Option<u16>,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let error: String = error.chars().take(500).collect();
        sqlx::query(
            "UPDATE webhook_deliveries SET held_until = NULL, last_status = $1, last_error = $2,
                 next_at = COALESCE($3, next_at), failed_at = $4 WHERE id = $5",
        )
        .bind(status.map(i64::from))
        .bind(error)
        .bind(retry_at.map(secs))
        .bind(retry_at.is_none().then_some(secs(now)))
        .bind(id)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn deliveries(
        &self,
        webhook: Option<i64>,
        limit: u32,
    ) -> Result<Vec<DeliveryRecord>, StoreError> {
        let rows: Vec<DeliveryRow> = sqlx::query_as(
            "SELECT id, webhook_id, event, created_at, attempts, delivered_at, failed_at,
                    last_status, last_error
             FROM webhook_deliveries WHERE $1 = 0 OR webhook_id = $2
             ORDER BY id DESC LIMIT $3",
        )
        .bind(i64::from(webhook.is_some()))
        .bind(webhook.unwrap_or(0))
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(
                |(id, webhook_id, event, created, attempts, delivered, failed, status, error)| {
                    Ok(DeliveryRecord {
                        id,
                        webhook_id,
                        event,
                        created_at: timestamp(created)?,
                        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                        delivered_at: delivered.map(timestamp).transpose()?,
                        failed_at: failed.map(timestamp).transpose()?,
                        last_status: status.and_then(|s| u16::try_from(s).ok()),
                        last_error: error,
                    })
                },
            )
            .collect()
    }
}
