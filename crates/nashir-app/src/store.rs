use async_trait::async_trait;
use nashir_core::{Article, ArticleId, ArticleSummary, NewArticle};

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

    async fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError>;

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
}
