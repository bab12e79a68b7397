use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::language::Language;
use nashir_core::{Article, ArticleId, ArticleSummary, NewArticle, Status};

use super::StoreError;
use crate::records::{ArticleSave, CorrectionEntry, ImportOutcome, Review, RevisionInfo};

/// Articles as the newsroom writes them: imports, saves, revisions, the trash, autosaves and scheduled publication.
#[async_trait]
pub trait ArticleStore: Send + Sync {
    /// Creates or updates the article that `import_key` names and records a revision
    /// when anything changed.
    async fn import_article(
        &self,
        import_key: &str,
        article: &NewArticle,
        now: Timestamp,
    ) -> Result<(ArticleId, ImportOutcome), StoreError>;

    /// Imports many articles in one transaction (one disk sync), each atomically: an
    /// item that fails leaves no trace and does not stop the others.
    async fn import_batch(
        &self,
        items: &[(String, NewArticle)],
        now: Timestamp,
    ) -> Result<Vec<Result<(ArticleId, ImportOutcome), StoreError>>, StoreError>;

    /// An article that is not deleted, in any state.
    async fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError>;

    /// The articles of `ids` that exist (not in the trash), in the order asked
    /// for: one read for a whole list (search results, feeds).
    async fn articles(&self, ids: &[ArticleId]) -> Result<Vec<Article>, StoreError>;

    /// Articles with ids above `after`, in id order, in any state (for rebuilding indexes).
    async fn articles_after(
        &self,
        after: ArticleId,
        limit: u32,
    ) -> Result<Vec<Article>, StoreError>;

    /// All articles in any state (for "is this site empty?").
    async fn article_count(&self) -> Result<u64, StoreError>;

    /// Number of stored revisions of an article.
    async fn revision_count(&self, id: ArticleId) -> Result<u64, StoreError>;

    /// Replaces an article's tags (a change readers see: it enters the change log).
    async fn set_article_tags(
        &self,
        id: ArticleId,
        tags: &[i64],
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// Sets or clears an article's featured image (imports; the newsroom saves it
    /// with the article).
    async fn set_article_featured(
        &self,
        id: ArticleId,
        media: Option<i64>,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// Replaces an article's authors, in order.
    async fn set_article_authors(
        &self,
        id: ArticleId,
        authors: &[i64],
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// The newest articles in any state (the newsroom's list), optionally only those
    /// `created_by` one user.
    async fn newsroom_articles(
        &self,
        created_by: Option<i64>,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, Status)>, StoreError>;

    /// Applies everything one newsroom save writes — the article and its next
    /// revision, tags, authors, featured image, the audit entry, and the saver's
    /// autosave gone — in one write transaction. Readers never see half a save,
    /// and a save that fails leaves nothing behind.
    async fn save_article(
        &self,
        save: &ArticleSave,
        now: Timestamp,
    ) -> Result<ArticleId, StoreError>;

    /// An article's revisions, newest first.
    async fn revisions(&self, id: ArticleId) -> Result<Vec<RevisionInfo>, StoreError>;

    /// What revision `number` of an article held.
    async fn revision(&self, id: ArticleId, number: i64) -> Result<Option<NewArticle>, StoreError>;

    /// Articles in the trash, most recently deleted first: (summary, deleted at).
    async fn trashed_articles(
        &self,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, Timestamp)>, StoreError>;

    /// Deletes for good what has been in the trash since before `cutoff`.
    async fn purge_trash(&self, cutoff: Timestamp) -> Result<u64, StoreError>;

    /// Keeps the editor's latest unsaved form (`article` 0 for a new article).
    async fn put_autosave(
        &self,
        user_id: i64,
        article: i64,
        content: &str,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    async fn autosave(
        &self,
        user_id: i64,
        article: i64,
    ) -> Result<Option<(String, Timestamp)>, StoreError>;

    /// Publishes scheduled articles whose time has come; returns them.
    async fn publish_due(&self, now: Timestamp) -> Result<Vec<ArticleId>, StoreError>;

    /// Puts `article` in the translation group of `of` (which starts one if it
    /// has none), and marks every article of the group changed. False, and
    /// nothing written, when the group already has an article in `article`'s
    /// language.
    async fn link_translation(
        &self,
        article: ArticleId,
        of: ArticleId,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// The article of a translation group in `language`, whatever its status
    /// (in the trash too: it still holds its place).
    async fn translation_in(
        &self,
        group: i64,
        language: Language,
    ) -> Result<Option<ArticleId>, StoreError>;

    /// Corrections of the articles of `language` public at `now`, newest first,
    /// with ids below `before` when given.
    async fn corrections(
        &self,
        language: Language,
        now: Timestamp,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<CorrectionEntry>, StoreError>;

    /// Records that `user` has the article open at `now`, and returns the names of
    /// the others who had it open since `since`.
    async fn mark_editing(
        &self,
        article: ArticleId,
        user: i64,
        since: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<String>, StoreError>;

    /// Who had these articles open since `since`: (article, name).
    async fn editing(
        &self,
        articles: &[ArticleId],
        since: Timestamp,
    ) -> Result<Vec<(ArticleId, String)>, StoreError>;

    /// The reviews of these articles (those that have one).
    async fn reviews(&self, articles: &[ArticleId]) -> Result<Vec<Review>, StoreError>;

    /// Drafts waiting for review, the longest waiting first, with their summaries.
    async fn review_queue(&self, limit: u32) -> Result<Vec<(ArticleSummary, Review)>, StoreError>;
}
