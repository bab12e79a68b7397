//! Webhooks: admins register endpoints for events; each event is queued for every
//! endpoint that takes it in the transaction of the change it tells of, and a
//! worker on any node delivers it (claimed by one at a time), signed as the
//! Standard Webhooks specification says, and retried on the mail's schedule.

mod http;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jiff::SignedDuration;
use nashir_core::permissions::Action;
use nashir_i18n::{Arg, Message};

pub use http::HttpWebhooks;

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::records::{Audit, DeliveryRecord, Webhook};
use crate::secrets::sign_bytes;
use crate::store::StoreError;

pub const PUBLISHED: &str = "article.published";
pub const UPDATED: &str = "article.updated";
pub const CORRECTED: &str = "article.corrected";
pub const UNPUBLISHED: &str = "article.unpublished";
pub const DELETED: &str = "article.deleted";
pub const COMMENT_APPROVED: &str = "comment.approved";
/// Every event an endpoint can take.
pub const EVENTS: [&str; 6] = [
    PUBLISHED,
    UPDATED,
    CORRECTED,
    UNPUBLISHED,
    DELETED,
    COMMENT_APPROVED,
];

/// How deliveries are retried: `base` × 2^(attempts−1), at most 6 h, given up
/// after `max_attempts` (the mail's schedule).
#[derive(Clone, Copy, Debug)]
pub struct Retry {
    pub base: Duration,
    pub max_attempts: u32,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            base: Duration::from_secs(30),
            max_attempts: 10,
        }
    }
}

impl Retry {
    pub fn after(&self, attempts: u32) -> Duration {
        crate::limits::backoff(self.base, attempts)
    }
}

/// Why a delivery failed.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct DeliveryError {
    pub message: String,
    /// The endpoint's answer, when there was one.
    pub status: Option<u16>,
}

/// The port to the endpoints: POSTs a body with headers; the status of a 2xx.
#[async_trait]
pub trait WebhookSender: Send + Sync + 'static {
    async fn post(
        &self,
        url: &str,
        headers: &[(&str, String)],
        body: &str,
    ) -> Result<u16, DeliveryError>;
}

/// `v1,<base64 HMAC-SHA256>` of `{id}.{timestamp}.{body}` under the endpoint's
/// secret (the bytes after `whsec_`, base64-decoded), as Standard Webhooks signs.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .unwrap_or_default();
    let mac = sign_bytes(&key, format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", STANDARD.encode(mac))
}

impl App {
    /// Registers an endpoint (admins); returns its id and its secret, shown once.
    pub async fn add_webhook(
        &self,
        by: &User,
        url: &str,
        events: &[String],
    ) -> Result<(i64, String), EditError> {
        by.require(Action::ManageSettings)?;
        let url = url.trim();
        let mut problems = Vec::new();
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web || url.len() > 2000 || url.chars().any(char::is_whitespace) {
            problems.push(Message::new("nr-webhook-url"));
        }
        if events.is_empty() || events.iter().any(|e| !EVENTS.contains(&e.as_str())) {
            let events = Arg::List(EVENTS.iter().map(|e| e.to_string()).collect());
            problems.push(Message::new("nr-webhook-events").with("events", events));
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(problems));
        }
        let mut key = [0u8; 24];
        getrandom::fill(&mut key)
            .map_err(|e| StoreError::Backend(format!("no randomness: {e}")))?;
        let secret = format!("whsec_{}", STANDARD.encode(key));
        let audit = Audit {
            by: Some(by.id),
            action: "webhook-add".into(),
            target: format!("{url} ({})", events.join(", ")),
        };
        let id = self
            .store
            .add_webhook(url, events, &secret, &audit, self.clock.now())
            .await?;
        Ok((id, secret))
    }

    pub async fn webhooks(&self, by: &User) -> Result<Vec<Webhook>, EditError> {
        by.require(Action::ManageSettings)?;
        Ok(self.store.webhooks().await?)
    }

    pub async fn disable_webhook(&self, by: &User, id: i64) -> Result<(), EditError> {
        by.require(Action::ManageSettings)?;
        let audit = Audit {
            by: Some(by.id),
            action: "webhook-disable".into(),
            target: id.to_string(),
        };
        if !self
            .store
            .disable_webhook(id, &audit, self.clock.now())
            .await?
        {
            return Err(EditError::NotFound);
        }
        Ok(())
    }

    /// Deliveries with their attempts, newest first (admins).
    pub async fn webhook_deliveries(
        &self,
        by: &User,
        webhook: Option<i64>,
        limit: u32,
    ) -> Result<Vec<DeliveryRecord>, EditError> {
        by.require(Action::ManageSettings)?;
        Ok(self.store.deliveries(webhook, limit).await?)
    }

    /// Delivers what is due; returns how many deliveries were attempted.
    pub async fn deliver_due_webhooks(
        &self,
        sender: &dyn WebhookSender,
        retry: Retry,
    ) -> Result<usize, StoreError> {
        let mut attempted = 0;
        loop {
            let now = self.clock.now();
            let hold = now.checked_add(SignedDuration::from_mins(2)).unwrap_or(now);
            let Some(d) = self.store.claim_delivery(now, hold).await? else {
                return Ok(attempted);
            };
            attempted += 1;
            let id = format!("msg_{}", d.id);
            let timestamp = now.as_second();
            let headers = [
                ("webhook-id", id.clone()),
                ("webhook-timestamp", timestamp.to_string()),
                (
                    "webhook-signature",
                    signature(&d.secret, &id, timestamp, &d.payload),
                ),
                ("content-type", "application/json".to_string()),
                ("user-agent", "Nashir-Webhooks/1".to_string()),
            ];
            match sender.post(&d.url, &headers, &d.payload).await {
                Ok(status) => {
                    self.store
                        .delivery_done(d.id, status, self.clock.now())
                        .await?;
                    tracing::info!(id = d.id, event = d.event, "webhook delivered");
                }
                Err(e) => {
                    let now = self.clock.now();
                    let retry_at = (d.attempts < retry.max_attempts).then(|| {
                        let wait = SignedDuration::try_from(retry.after(d.attempts))
                            .unwrap_or(SignedDuration::from_hours(6));
                        now.checked_add(wait).unwrap_or(now)
                    });
                    tracing::warn!(id = d.id, attempts = d.attempts, error = %e, "webhook not delivered");
                    self.store
                        .delivery_failed(d.id, e.status, &e.message, retry_at, now)
                        .await?;
                }
            }
        }
    }
}

/// Delivers webhooks until `shutdown`: every second, and at once when this node
/// queued one.
pub async fn run_webhooks(
    app: App,
    sender: Arc<dyn WebhookSender>,
    retry: Retry,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let queued = app.webhook_queued.clone();
    loop {
        if let Err(e) = app.deliver_due_webhooks(sender.as_ref(), retry).await {
            tracing::error!(error = %e, "webhooks");
        }
        tokio::select! {
            _ = queued.notified() => {}
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = shutdown.changed() => return,
        }
    }
}
