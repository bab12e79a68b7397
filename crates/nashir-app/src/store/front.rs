use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::ArticleId;

use super::StoreError;
use crate::records::{Audit, NewUrgent, Urgent};

/// What editors put on the fronts: the urgent strip, and the stories placed on the
/// home page and the section fronts. Changes enter the change log as site changes.
#[async_trait]
pub trait FrontStore: Send + Sync {
    /// The urgent lines of `language` still running at `now`, newest first.
    async fn urgent(&self, language: &str, now: Timestamp) -> Result<Vec<Urgent>, StoreError>;

    /// Urgent lines that started after `since`, running or not, newest first.
    async fn recent_urgent(&self, since: Timestamp, limit: u32) -> Result<Vec<Urgent>, StoreError>;

    /// Adds an urgent line with its audit entry, in one write transaction.
    async fn add_urgent(
        &self,
        urgent: &NewUrgent,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<i64, StoreError>;

    /// Ends an urgent line at `now`, with its audit entry; false (and no entry)
    /// when it had already ended.
    async fn end_urgent(&self, id: i64, audit: &Audit, now: Timestamp) -> Result<bool, StoreError>;

    /// The articles placed on a front (0: the home page; else a section's id), as
    /// (position, article), by position.
    async fn front_slots(&self, front: i64) -> Result<Vec<(u32, ArticleId)>, StoreError>;

    /// Replaces a front's placed articles, as (position, article), and writes the
    /// audit entry, in one write transaction.
    async fn set_front_slots(
        &self,
        front: i64,
        slots: &[(u32, ArticleId)],
        audit: &Audit,
        now: Timestamp,
    ) -> Result<(), StoreError>;
}
