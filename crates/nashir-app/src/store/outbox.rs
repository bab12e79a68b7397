use async_trait::async_trait;
use jiff::Timestamp;

use super::StoreError;
use crate::records::{Guarded, Limit, MailRecord, OutgoingMail, QueuedMail};

/// The durable mail outbox.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues messages and takes a slot under each limit, in one write
    /// transaction, or nothing when a limit is full.
    async fn enqueue_mails(
        &self,
        mails: &[OutgoingMail],
        limits: &[Limit],
        now: Timestamp,
    ) -> Result<Guarded<Vec<i64>>, StoreError>;

    /// Takes the oldest message that is due and not held by another worker, and
    /// holds it until `hold_until` (one attempt counted).
    async fn claim_mail(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<Option<QueuedMail>, StoreError>;

    async fn mail_sent(&self, id: i64, now: Timestamp) -> Result<(), StoreError>;

    /// Records a failed attempt: tried again at `retry_at`, or given up with `None`.
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// The newest messages first, for the newsroom.
    async fn outbox(&self, limit: u32) -> Result<Vec<MailRecord>, StoreError>;
}
