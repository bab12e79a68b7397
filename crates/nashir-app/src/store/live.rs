use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::ArticleId;
use nashir_core::live::LiveEntry;

use super::StoreError;
use crate::records::{Audit, LiveOutcome, LiveWrite};

/// Live coverage: an article's coverage times and its entries.
#[async_trait]
pub trait LiveStore: Send + Sync {
    /// Applies `write` to the live coverage of `article` (not in the trash), moves
    /// the article's `modified_at` (and, for a new entry of a published article,
    /// `updated_at`), and appends `audit`, in one write transaction: all of it
    /// lands, or nothing does. The state a write needs (coverage open to add, an
    /// entry of this article, room for one more) is checked under the write lock.
    async fn live_write(
        &self,
        article: ArticleId,
        write: &LiveWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<LiveOutcome, StoreError>;

    /// An article's entries, newest first, at most `limit`; with `before` (an
    /// entry id), only those older than that entry.
    async fn live_entries(
        &self,
        article: ArticleId,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<LiveEntry>, StoreError>;

    /// One entry of an article.
    async fn live_entry(
        &self,
        article: ArticleId,
        id: i64,
    ) -> Result<Option<LiveEntry>, StoreError>;

    /// How many entries an article holds.
    async fn live_entry_count(&self, article: ArticleId) -> Result<u64, StoreError>;
}
