use async_trait::async_trait;
use jiff::Timestamp;

use super::StoreError;
use crate::records::{ImportItem, ItemImported};

/// Bulk imports from other systems (a WordPress export): whole articles with
/// their authors, tags, comments and old addresses, and what was brought in
/// under which key, so that a second run updates instead of duplicating.
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Imports many items in one transaction, each atomically: an item that
    /// fails leaves no trace and does not stop the others.
    async fn import_items(
        &self,
        items: &[ImportItem],
        now: Timestamp,
    ) -> Result<Vec<Result<ItemImported, StoreError>>, StoreError>;

    /// What was stored under an import key (e.g. a media id), if it still exists.
    async fn imported(&self, key: &str) -> Result<Option<i64>, StoreError>;

    /// Remembers that `key` was stored as `target`.
    async fn remember_imported(&self, key: &str, target: i64) -> Result<(), StoreError>;
}
