use async_trait::async_trait;
use jiff::Timestamp;

use super::StoreError;
use crate::records::Limit;

/// Rate limits as atomic reservations.
#[async_trait]
pub trait LimitStore: Send + Sync {
    /// Events (failed sign-ins, comments, mails...) recorded under `key` since `since`.
    async fn rate_events(&self, key: &str, since: Timestamp) -> Result<u32, StoreError>;

    /// Takes one slot (an event at `now`) under every limit in one write
    /// transaction, or none when any limit already holds `max` events within its
    /// window. Returns the slots' ids, or `None` when refused. Forgets events older
    /// than two days (`login:known:` ones after 30).
    async fn reserve(
        &self,
        limits: &[Limit],
        now: Timestamp,
    ) -> Result<Option<Vec<i64>>, StoreError>;

    /// Deletes the slots [`LimitStore::reserve`] returned.
    async fn release(&self, slots: &[i64]) -> Result<(), StoreError>;

    async fn clear_rate_events(&self, key: &str) -> Result<(), StoreError>;
}
