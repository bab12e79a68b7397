use async_trait::async_trait;
use jiff::Timestamp;

use super::StoreError;
use crate::records::{Audit, DeliveryRecord, QueuedDelivery, Webhook};

/// Webhook endpoints and their durable deliveries. Deliveries are queued by the
/// writes that make their events, in the same transaction (see
/// `ArticleSave::event`); here they are claimed and settled.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Registers an endpoint with its audit entry, in one transaction.
    async fn add_webhook(
        &self,
        url: &str,
        events: &[String],
        secret: &str,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<i64, StoreError>;

    /// Every endpoint, newest first.
    async fn webhooks(&self) -> Result<Vec<Webhook>, StoreError>;

    /// Stops an endpoint (its waiting deliveries fail), with its audit entry;
    /// false when there was no such live one.
    async fn disable_webhook(
        &self,
        id: i64,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Takes the oldest due delivery no other worker holds, holds it until
    /// `hold_until`, and counts the attempt.
    async fn claim_delivery(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<Option<QueuedDelivery>, StoreError>;

    /// The endpoint took it (a 2xx answer, `status`).
    async fn delivery_done(&self, id: i64, status: u16, now: Timestamp) -> Result<(), StoreError>;

    /// An attempt failed: tried again at `retry_at`, or given up with none.
    async fn delivery_failed(
        &self,
        id: i64,
        status: Option<u16>,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// The newest deliveries first (of one endpoint, or all).
    async fn deliveries(
        &self,
        webhook: Option<i64>,
        limit: u32,
    ) -> Result<Vec<DeliveryRecord>, StoreError>;
}
