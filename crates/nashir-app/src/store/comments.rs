use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::ArticleId;

use super::StoreError;
use crate::records::{Audit, Comment, CommentStatus, Guarded, Limit, NewComment, QueuedComment};

/// Readers' comments and their moderation.
#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Stores a comment and takes a slot under each limit, in one write
    /// transaction: refused when a limit is full, or when its article has a
    /// comment with the same fingerprint since `unless_like_since`. So parallel
    /// posts cannot pass a limit, and a text sent twice at once is stored once.
    async fn add_comment(
        &self,
        comment: &NewComment,
        limits: &[Limit],
        unless_like_since: Timestamp,
        now: Timestamp,
    ) -> Result<Guarded<i64>, StoreError>;

    async fn comment(&self, id: i64) -> Result<Option<Comment>, StoreError>;

    /// An article's comments in one state, oldest first.
    async fn article_comments(
        &self,
        article: ArticleId,
        status: CommentStatus,
    ) -> Result<Vec<Comment>, StoreError>;

    /// Comments in one state across the site with their articles: pending ones
    /// oldest first (the queue), the others newest first.
    async fn comments_by_status(
        &self,
        status: CommentStatus,
        limit: u32,
    ) -> Result<Vec<QueuedComment>, StoreError>;

    /// How many comments are in each state.
    async fn comment_counts(&self) -> Result<Vec<(CommentStatus, u64)>, StoreError>;

    /// Moves comments to `status`, or deletes them for good with `None`; replies go
    /// with a deleted comment. When any changed, `audit` (whose author is the
    /// moderator) is appended in the same transaction. Returns how many changed.
    async fn moderate_comments(
        &self,
        ids: &[i64],
        status: Option<CommentStatus>,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<u64, StoreError>;
}
