use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::permissions::Role;

use crate::accounts::{AuditEntry, Session, User};
use crate::comments::{Comment, CommentStatus, NewComment, QueuedComment};
use crate::limits::Limit;
use crate::mail::{MailRecord, OutgoingMail, QueuedMail};
use nashir_core::{
    Article, ArticleId, ArticleSummary, Author, Cursor, Media, NewArticle, Section, Status, Tag,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unknown section «{0}»")]
    UnknownSection(String),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    #[error("already exists: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Backend(String),
}

/// Everything one newsroom save writes ([`Store::save_article`]).
#[derive(Clone, Debug)]
pub struct ArticleSave {
    /// The article saved; none creates one.
    pub id: Option<ArticleId>,
    /// The revision the saver's checks saw: if another save came in between, the
    /// save is refused whole ([`StoreError::Conflict`]) rather than undo it.
    pub seen_revision: Option<i64>,
    pub article: NewArticle,
    /// The revision's kind: `draft`, `publish`, `update`, `correction`, `restore`…
    pub kind: String,
    /// Who saves: a new article's creator, the audit entry's actor.
    pub by: i64,
    /// The saver's autosave of this form is no longer needed (an editor's save;
    /// not a restored revision).
    pub clear_autosave: bool,
    /// Tags as (slug, name), made when new; none leaves the tags as they are.
    pub tags: Option<Vec<(String, String)>>,
    /// Author profiles in order (ids of no profile are dropped); none leaves them.
    pub authors: Option<Vec<i64>>,
    /// The featured image (`Some(None)` clears it); none leaves it.
    pub featured: Option<Option<i64>>,
    /// The audit entry: its action, and what follows the article's id in its target.
    pub audit: (String, String),
}

/// A newsroom write besides an article save ([`Store::newsroom_write`]): applied
/// with its audit entry in one write transaction, so no change goes unrecorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewsroomWrite {
    /// Creates the section, or renames it.
    Section {
        slug: String,
        name: String,
    },
    /// Creates the tag, or renames it.
    Tag {
        slug: String,
        name: String,
    },
    /// Creates or updates an author profile and sets (or clears) its photo.
    Author {
        slug: String,
        name: String,
        bio: String,
        photo: Option<i64>,
    },
    UserRole {
        user: i64,
        role: Role,
    },
    /// Disabling also ends the user's sessions.
    UserDisabled {
        user: i64,
        disabled: bool,
    },
    /// A new password hash; every session of the user ends with it.
    Password {
        user: i64,
        hash: String,
    },
    /// Into the trash (an article not in it).
    Trash {
        article: ArticleId,
    },
    /// Out of the trash (an article in it).
    Untrash {
        article: ArticleId,
    },
    MediaAlt {
        media: i64,
        alt: String,
    },
    /// Opens or closes an article's comments (an article not in the trash).
    CommentsOpen {
        article: ArticleId,
        open: bool,
    },
}

/// One line for the audit log, written with the change it records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Audit {
    pub by: Option<i64>,
    pub action: String,
    pub target: String,
}

/// What a guarded write did: done, or refused whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guarded<T> {
    Done(T),
    /// A limit was full.
    OverLimit,
    /// The same thing was written lately.
    Duplicate,
}

impl<T> Guarded<T> {
    /// What was written, if it was.
    pub fn done(self) -> Option<T> {
        match self {
            Guarded::Done(t) => Some(t),
            Guarded::OverLimit | Guarded::Duplicate => None,
        }
    }
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

/// Where an article is listed: what a change to it touches besides its own page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub article_id: ArticleId,
    pub section_id: i64,
    pub tags: Vec<i64>,
    pub authors: Vec<i64>,
    pub published_at: Option<Timestamp>,
}

/// Which published articles a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub section: Option<i64>,
    pub tag: Option<i64>,
    pub author: Option<i64>,
    /// Published at or after.
    pub from: Option<Timestamp>,
    /// Published before.
    pub until: Option<Timestamp>,
}

/// Which page of a newest-first list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    /// The newest articles.
    #[default]
    First,
    /// Articles older than the cursor (the "next" page).
    Before(Cursor),
    /// Articles newer than the cursor (the "previous" page), still listed newest first.
    After(Cursor),
}

/// One saved version of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionInfo {
    pub number: i64,
    pub kind: String,
    pub title: String,
    pub created_at: Timestamp,
}

/// Views of one article on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Views {
    pub article_id: ArticleId,
    /// Days since 1970-01-01 in the site's time zone.
    pub day: i32,
    pub count: u32,
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

    /// Imports many articles in one transaction (one disk sync), each atomically: an
    /// item that fails leaves no trace and does not stop the others.
    async fn import_batch(
        &self,
        items: &[(String, NewArticle)],
        now: jiff::Timestamp,
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

    /// Published articles visible at `now` that pass `filter`, newest first.
    async fn list_published(
        &self,
        now: Timestamp,
        filter: &ListFilter,
        page: Page,
        limit: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError>;

    /// (id, slug, last updated — what readers and `dateModified` see) of published
    /// articles in id order, from the `offset`th (sitemaps).
    async fn published_urls(
        &self,
        now: Timestamp,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<(ArticleId, String, Timestamp)>, StoreError>;

    /// Number of published articles visible at `now`.
    async fn published_count(&self, now: Timestamp) -> Result<u64, StoreError>;

    /// All articles in any state (for "is this site empty?").
    async fn article_count(&self) -> Result<u64, StoreError>;

    /// Number of stored revisions of an article.
    async fn revision_count(&self, id: ArticleId) -> Result<u64, StoreError>;

    async fn sections(&self) -> Result<Vec<Section>, StoreError>;
    async fn section_by_slug(&self, slug: &str) -> Result<Option<Section>, StoreError>;
    async fn tags(&self) -> Result<Vec<Tag>, StoreError>;
    async fn authors(&self) -> Result<Vec<Author>, StoreError>;
    async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>, StoreError>;
    async fn author_by_slug(&self, slug: &str) -> Result<Option<Author>, StoreError>;

    /// Creates the section, or renames it.
    async fn upsert_section(&self, slug: &str, name: &str) -> Result<Section, StoreError>;
    async fn upsert_tag(&self, slug: &str, name: &str) -> Result<Tag, StoreError>;
    async fn upsert_author(&self, slug: &str, name: &str, bio: &str) -> Result<Author, StoreError>;
    async fn set_author_photo(&self, author: i64, media: Option<i64>) -> Result<(), StoreError>;
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

    /// Adds view counts (batched by the caller).
    async fn record_views(&self, views: &[Views]) -> Result<(), StoreError>;

    /// The most viewed published articles over days `from_day..=to_day`.
    async fn most_read(
        &self,
        now: Timestamp,
        from_day: i32,
        to_day: i32,
        limit: u32,
    ) -> Result<Vec<(ArticleSummary, u64)>, StoreError>;

    /// Change-log entries after `seq`, oldest first.
    async fn changes_since(&self, seq: i64, limit: u32) -> Result<Vec<Change>, StoreError>;

    /// The newest change-log position (0 for none).
    async fn last_change(&self) -> Result<i64, StoreError>;

    /// Where these articles are listed now (articles that are gone are left out).
    async fn placements(&self, ids: &[ArticleId]) -> Result<Vec<Placement>, StoreError>;

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

    /// Records an uploaded image (its files are written after, by id).
    async fn add_media(
        &self,
        ext: &str,
        size: (u32, u32),
        widths: &[u32],
        alt: &str,
        created_by: Option<i64>,
        now: Timestamp,
    ) -> Result<Media, StoreError>;
    async fn delete_media(&self, id: i64) -> Result<(), StoreError>;
    async fn media(&self, id: i64) -> Result<Option<Media>, StoreError>;
    /// The newest images first.
    async fn recent_media(&self, limit: u32) -> Result<Vec<Media>, StoreError>;
    /// Publishes scheduled articles whose time has come; returns them.
    async fn publish_due(&self, now: Timestamp) -> Result<Vec<ArticleId>, StoreError>;

    // Accounts.

    /// Fails with [`StoreError::Conflict`] when the e-mail address is taken.
    async fn create_user(
        &self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<User, StoreError>;
    /// The user and their password hash.
    async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>, StoreError>;
    async fn user(&self, id: i64) -> Result<Option<User>, StoreError>;
    async fn users(&self) -> Result<Vec<User>, StoreError>;

    async fn create_session(
        &self,
        token_digest: &str,
        user_id: i64,
        csrf: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StoreError>;
    /// The unexpired session with this token digest.
    async fn session(
        &self,
        token_digest: &str,
        now: Timestamp,
    ) -> Result<Option<Session>, StoreError>;
    async fn delete_session(&self, token_digest: &str) -> Result<(), StoreError>;

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
    /// Deletes the slots [`Store::reserve`] returned.
    async fn release(&self, slots: &[i64]) -> Result<(), StoreError>;
    async fn clear_rate_events(&self, key: &str) -> Result<(), StoreError>;

    /// The secret stored under `name`; `fresh` becomes it when there is none yet
    /// (every node then reads the one that won).
    async fn site_secret(&self, name: &str, fresh: &str) -> Result<String, StoreError>;

    async fn append_audit(
        &self,
        user_id: Option<i64>,
        action: &str,
        target: &str,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    /// Applies `write` and appends `audit` in one write transaction: both land, or
    /// neither does. `false`: there was nothing to write it to (no such article in
    /// or out of the trash), and no audit line either.
    async fn newsroom_write(
        &self,
        write: &NewsroomWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
    /// The newest audit entries first.
    async fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError>;

    // Comments.

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

    // The mail outbox.

    /// Queues messages and takes a slot under each limit, in one write
    /// transaction, or nothing when a limit is full.
    async fn enqueue_mails(
        &self,
        mails: &[OutgoingMail],
        limits: &[Limit],
        now: Timestamp,
    ) -> Result<Guarded<Vec<i64>>, StoreError>;
    /// Takes the oldest message that is due and not held by another worker, and
    /// holds it until `hold_until` (one attempt counted).
    async fn claim_mail(
        &self,
        now: Timestamp,
        hold_until: Timestamp,
    ) -> Result<Option<QueuedMail>, StoreError>;
    async fn mail_sent(&self, id: i64, now: Timestamp) -> Result<(), StoreError>;
    /// Records a failed attempt: tried again at `retry_at`, or given up with `None`.
    async fn mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Result<(), StoreError>;
    /// The newest messages first, for the newsroom.
    async fn outbox(&self, limit: u32) -> Result<Vec<MailRecord>, StoreError>;
}
