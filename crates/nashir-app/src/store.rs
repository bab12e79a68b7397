use async_trait::async_trait;
use nashir_core::{Article, ArticleId, ArticleSummary, NewArticle, Section};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unknown section «{0}»")]
    UnknownSection(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(String),
}

/// What an import did to the article it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOutcome {
    Created,
    Updated,
    Unchanged,
}

impl ImportOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportOutcome::Created => "created",
            ImportOutcome::Updated => "updated",
            ImportOutcome::Unchanged => "unchanged",
        }
    }
}

/// One entry of the change log: article `article_id` was written (created, edited,
/// deleted) at position `seq`. Indexes and caches on every node follow this log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub article_id: ArticleId,
}

/// The persistence port. Every method is one transaction: it happens whole or not at all.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Creates or updates the article that `import_key` names and records a revision
    /// when anything changed.
    async fn import_article(
        &self,
        import_key: &str,
        article: &NewArticle,
        now: jiff::Timestamp,
    ) -> Result<(ArticleId, ImportOutcome), StoreError>;

    /// An article that is not deleted, in any state.
    async fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError>;

    /// Articles with ids above `after`, in id order, in any state (for rebuilding indexes).
    async fn articles_after(
        &self,
        after: ArticleId,
        limit: u32,
    ) -> Result<Vec<Article>, StoreError>;

    /// Published articles visible at `now`, newest first.
    async fn latest_published(
        &self,
        now: jiff::Timestamp,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError>;

    /// All articles in any state (for "is this site empty?").
    async fn article_count(&self) -> Result<u64, StoreError>;

    /// Number of stored revisions of an article.
    async fn revision_count(&self, id: ArticleId) -> Result<u64, StoreError>;

    async fn sections(&self) -> Result<Vec<Section>, StoreError>;

    /// Change-log entries after `seq`, oldest first.
    async fn changes_since(&self, seq: i64, limit: u32) -> Result<Vec<Change>, StoreError>;

    /// The newest change-log position (0 for none).
    async fn last_change(&self) -> Result<i64, StoreError>;
}
