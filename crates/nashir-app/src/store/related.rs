use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::ArticleId;

use super::StoreError;
use crate::records::{Audit, RelatedOutcome, RelatedRead, RelatedRow, RelatedWrite};

/// Related stories (اقرأ أيضاً): each article's list, as the search index computed
/// it and the newsroom pinned or removed entries of it. A write that changes what
/// an article's list holds enters the change log for that article (once per
/// article), so its page is rendered again on every node.
#[async_trait]
pub trait RelatedStore: Send + Sync {
    /// Every stored entry (computed, pinned and removed) of these articles, by
    /// article, origin and position.
    async fn related_rows(&self, articles: &[ArticleId]) -> Result<Vec<RelatedRow>, StoreError>;

    /// What readers of `article` see at `now`: its first `limit` entries of public
    /// articles, pinned ones first (in the order pinned), then the index's (in its
    /// order), and when the list last changed.
    async fn related_for_readers(
        &self,
        article: ArticleId,
        now: Timestamp,
        limit: u32,
    ) -> Result<RelatedRead, StoreError>;

    /// Replaces the computed entries of each article with the given ones, in one
    /// write transaction. An article whose list is already that is not written; an
    /// article (or entry) that is gone is left out; an entry the newsroom pinned or
    /// removed meanwhile stays as it is. Returns the change-log positions it wrote,
    /// one per article changed.
    async fn set_computed_related(
        &self,
        lists: &[(ArticleId, Vec<ArticleId>)],
        now: Timestamp,
    ) -> Result<Vec<i64>, StoreError>;

    /// Applies a newsroom change to `article`'s list with its audit entry, in one
    /// write transaction (no entry when nothing changed).
    async fn related_write(
        &self,
        article: ArticleId,
        write: &RelatedWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<RelatedOutcome, StoreError>;
}
