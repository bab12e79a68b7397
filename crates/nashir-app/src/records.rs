//! The records the use-cases and the store ports exchange: plain data with the
//! rules that need nothing but the data. They depend on `nashir_core` only, so
//! the use-case modules, the ports and their adapters all import from here and
//! never from each other.

use jiff::{SignedDuration, Timestamp};
use nashir_core::language::Language;
use nashir_core::permissions::{self, Action, Role, allowed};
use nashir_core::slug::article_href;
use nashir_core::{ArticleId, Block, Correction, Cursor, Media, NewArticle};

// Articles, their lists and the change log.

/// Everything one newsroom save writes ([`crate::store::ArticleStore::save_article`]).
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
    /// The image shares show instead of the featured one (`Some(None)` clears
    /// it); none leaves it.
    pub social_image: Option<Option<i64>>,
    /// Kept among the home page's featured stories; none leaves it.
    pub sticky: Option<bool>,
    /// A correction's note for readers, stored with the revision this save makes
    /// (an existing article only).
    pub correction: Option<String>,
    /// Sends the draft for review, or (on publishing) ends its review; none
    /// leaves it as it is.
    pub review: Option<ReviewMark>,
    /// The webhook event the save is (`article.published`…), queued for every
    /// endpoint that takes it in the save's transaction.
    pub event: Option<&'static str>,
    /// The audit entry: its action, and what follows the article's id in its target.
    pub audit: (String, String),
}

/// What a save does to a draft's review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewMark {
    /// Waiting for an editor.
    Submit,
    /// Done with (published).
    Clear,
}

/// Where a draft sent for review stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewState {
    Submitted,
    /// An editor sent it back with a note.
    Returned,
}

impl ReviewState {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Submitted => "submitted",
            ReviewState::Returned => "returned",
        }
    }

    pub fn parse(s: &str) -> Option<ReviewState> {
        [ReviewState::Submitted, ReviewState::Returned]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// A draft's review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub article_id: ArticleId,
    pub state: ReviewState,
    /// The editor's note when it was sent back.
    pub note: String,
    pub requested_by: Option<i64>,
    pub requested_at: Timestamp,
    pub answered_at: Option<Timestamp>,
}

/// A newsroom write besides an article save ([`crate::store::AccountStore::newsroom_write`]): applied
/// with its audit entry in one write transaction, so no change goes unrecorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewsroomWrite {
    /// Creates the section, or renames it.
    Section {
        slug: String,
        name: String,
    },
    /// Names an existing section in an edition other than the default (none:
    /// unnamed there, so out of its menu).
    SectionName {
        slug: String,
        language: Language,
        name: Option<String>,
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
    /// The newsroom's language for a user.
    UserLanguage {
        user: i64,
        language: Language,
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
    /// Sends a draft waiting for review back to its writer with a note.
    ReturnReview {
        article: ArticleId,
        note: String,
        by: i64,
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
    /// Articles whose related stories list this one: their pages show it once
    /// it is public.
    pub related_by: Vec<ArticleId>,
}

/// Which published articles a list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// One edition's articles (readers' lists); none: every edition's.
    pub language: Option<Language>,
    /// An article's translations (its group; see `Article::translation_group`).
    pub translation_group: Option<i64>,
    pub section: Option<i64>,
    pub tag: Option<i64>,
    pub author: Option<i64>,
    /// Published at or after.
    pub from: Option<Timestamp>,
    /// Published before.
    pub until: Option<Timestamp>,
    /// Only the sticky ones.
    pub sticky: bool,
}

/// An article's address and last change, as sitemaps list it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublishedUrl {
    pub id: ArticleId,
    pub language: Language,
    pub slug: String,
    /// What readers see as "last updated" (`lastmod`).
    pub updated_at: Timestamp,
    /// Its translations' group, when it has one.
    pub translation_group: Option<i64>,
}

impl PublishedUrl {
    pub fn href(&self) -> String {
        article_href(self.language, self.id, &self.slug)
    }
}

impl ListFilter {
    /// Everything of the edition in `language`.
    pub fn of(language: Language) -> ListFilter {
        ListFilter {
            language: Some(language),
            ..ListFilter::default()
        }
    }
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

/// A correction in the site's list of corrections, with its article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionEntry {
    /// Its place in the list (newest first): older ones have smaller ids.
    pub id: i64,
    pub correction: Correction,
    pub article_id: ArticleId,
    pub title: String,
    pub slug: String,
    pub language: Language,
}

/// A line of the urgent strip (عاجل), shown on every page of its edition until
/// it expires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Urgent {
    pub id: i64,
    pub language: String,
    pub text: String,
    /// The article it links to, with its slug: none for a bulletin alone.
    pub article: Option<(ArticleId, String)>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// An urgent line to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUrgent {
    pub language: String,
    pub text: String,
    pub article: Option<ArticleId>,
    pub expires_at: Timestamp,
    pub by: i64,
}

/// Views of one article on one day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Views {
    pub article_id: ArticleId,
    /// Days since 1970-01-01 in the site's time zone.
    pub day: i32,
    pub count: u32,
}

// Accounts and the audit log.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled: bool,
    pub created_at: Timestamp,
    /// The language the newsroom speaks to them.
    pub language: Language,
}

impl User {
    pub fn may(&self, action: Action) -> bool {
        !self.disabled && allowed(self.role, action)
    }

    /// Whether they created the article (`created_by`).
    pub fn owns(&self, created_by: Option<i64>) -> bool {
        created_by == Some(self.id)
    }

    /// May change the text of an article (`own`: theirs); see [`permissions::may_edit`].
    pub fn may_edit(&self, own: bool) -> bool {
        !self.disabled && permissions::may_edit(self.role, own)
    }

    /// May publish or change a published article; see [`permissions::may_publish`].
    pub fn may_publish(&self, own: bool) -> bool {
        !self.disabled && permissions::may_publish(self.role, own)
    }
}

/// A signed-in user and the CSRF token of their session.
#[derive(Clone, Debug)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: Timestamp,
}

/// An API token as the newsroom lists it (the token itself is shown once, at
/// creation, and stored only as a digest).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

/// An endpoint admins registered for webhooks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub events: Vec<String>,
    pub created_at: Timestamp,
    pub disabled_at: Option<Timestamp>,
}

/// A delivery a worker holds for one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedDelivery {
    pub id: i64,
    pub url: String,
    /// `whsec_…`: signs the delivery.
    pub secret: String,
    pub event: String,
    pub payload: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
    pub created_at: Timestamp,
}

/// A delivery as the newsroom lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    pub created_at: Timestamp,
    pub attempts: u32,
    pub delivered_at: Option<Timestamp>,
    pub failed_at: Option<Timestamp>,
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: Timestamp,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub action: String,
    pub target: String,
}

// Redirects.

/// Who made a redirect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RedirectOrigin {
    /// An import from another system (a WordPress site's old addresses).
    Import,
    /// An editor, in `/admin/redirects`.
    Newsroom,
}

impl RedirectOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            RedirectOrigin::Import => "import",
            RedirectOrigin::Newsroom => "newsroom",
        }
    }

    pub fn parse(s: &str) -> Option<RedirectOrigin> {
        [RedirectOrigin::Import, RedirectOrigin::Newsroom]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// An old address that answers 301 with a new one. Both are in the form
/// `crate::redirects::normalize_from` gives (a decoded path, its query's
/// parameters sorted): `from` is the key, `to` a path on this site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: String,
    pub origin: RedirectOrigin,
    pub created_at: Timestamp,
}

/// Most single parameters of a query tried as keys (see [`redirect_keys`]).
const MAX_KEY_PARAMETERS: usize = 8;

/// The keys a request for `address` (normalized) finds a redirect under, best
/// first: the address itself, then its path with each one of its parameters
/// (so `/?p=12&utm_source=x` finds `/?p=12`), then its path alone. A redirect's
/// target must answer none of these, or it would chain (or loop).
pub fn redirect_keys(address: &str) -> Vec<String> {
    let (path, query) = match address.split_once('?') {
        Some((path, query)) => (path, query),
        None => return vec![address.to_string()],
    };
    let mut keys = vec![address.to_string()];
    for pair in query.split('&').take(MAX_KEY_PARAMETERS) {
        let key = format!("{path}?{pair}");
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys.push(path.to_string());
    keys
}

// Comments.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommentStatus {
    Pending,
    Approved,
    Rejected,
    Spam,
}

impl CommentStatus {
    pub const ALL: [CommentStatus; 4] = [
        CommentStatus::Pending,
        CommentStatus::Approved,
        CommentStatus::Rejected,
        CommentStatus::Spam,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Rejected => "rejected",
            CommentStatus::Spam => "spam",
        }
    }

    pub fn parse(s: &str) -> Option<CommentStatus> {
        CommentStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The message naming the state in the newsroom's lists.
    pub fn label(self) -> &'static str {
        match self {
            CommentStatus::Pending => "nr-comments-pending",
            CommentStatus::Approved => "nr-comments-approved",
            CommentStatus::Rejected => "nr-comments-rejected",
            CommentStatus::Spam => "nr-comments-spam",
        }
    }
}

/// A stored comment. `body` is plain text, cleaned; it is escaped when shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub article_id: ArticleId,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub body: String,
    pub status: CommentStatus,
    pub address: String,
    pub created_at: Timestamp,
    pub moderated_at: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewComment {
    pub article_id: ArticleId,
    pub parent_id: Option<i64>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub body: String,
    pub fingerprint: String,
    pub address: String,
}

/// A comment in the moderation lists, with its article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedComment {
    pub comment: Comment,
    pub article_title: String,
    pub article_slug: String,
    pub article_language: Language,
}

impl QueuedComment {
    /// Where the comment's article lives, for links from the newsroom.
    pub fn article_href(&self) -> String {
        article_href(
            self.article_language,
            self.comment.article_id,
            &self.article_slug,
        )
    }
}

// Rate limits.

/// A rate limit: at most `max` events under `key` within `window`.
#[derive(Clone, Debug)]
pub struct Limit {
    pub key: String,
    pub max: u32,
    pub window: SignedDuration,
}

// The mail outbox.

/// A message to store in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub kind: String,
    pub recipient: String,
    pub sender: String,
    /// The whole RFC 5322 message.
    pub message: Vec<u8>,
}

/// A message a worker holds for one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub recipient: String,
    pub sender: String,
    pub message: Vec<u8>,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// A message as the newsroom lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailRecord {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub created_at: Timestamp,
    pub attempts: u32,
    pub sent_at: Option<Timestamp>,
    pub failed_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

// Live coverage.

/// An entry as a live-coverage write stores it: checked and cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryText {
    pub kind: nashir_core::live::EntryKind,
    pub body: String,
    /// Who said it (quotes; empty otherwise).
    pub attribution: String,
    /// The picture (image entries; none otherwise).
    pub media: Option<i64>,
}

/// A write to one article's live coverage ([`crate::store::LiveStore::live_write`]):
/// applied with its audit entry, and the article's times, in one write transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveWrite {
    /// Starts the coverage (an article that has none), or reopens a closed one.
    Open,
    /// Ends an open coverage.
    Close,
    /// The article stops being a live blog (one without entries).
    Cancel,
    /// A new entry, while the coverage is open and the article holds fewer than
    /// `max` entries. Readers see it as an update: the article's "last updated"
    /// moves (a published article's).
    Add {
        entry: EntryText,
        by: i64,
        max: u32,
    },
    /// Fixes an entry of the article in place: its time and place stay.
    Edit {
        id: i64,
        entry: EntryText,
        by: i64,
    },
    Delete {
        id: i64,
    },
}

/// What a [`LiveWrite`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveOutcome {
    /// Written: the entry's id (added, edited or deleted), 0 for the coverage.
    Done(i64),
    /// Nothing to write to: no such article (or entry of it), or its coverage is
    /// not in a state that takes this write (another editor was quicker).
    Stale,
    /// The article holds the most entries it may.
    Full,
}

// Related stories.

/// Where an entry of an article's related list (اقرأ أيضاً) comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelatedOrigin {
    /// Found by the search index when the article (or one like it) changed.
    Auto,
    /// Put there by the newsroom: shown first, in the order pinned.
    Pinned,
    /// Taken out by the newsroom: never shown, whatever the index finds.
    Removed,
}

impl RelatedOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            RelatedOrigin::Auto => "auto",
            RelatedOrigin::Pinned => "pinned",
            RelatedOrigin::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<RelatedOrigin> {
        [
            RelatedOrigin::Auto,
            RelatedOrigin::Pinned,
            RelatedOrigin::Removed,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// One stored entry of an article's related list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelatedRow {
    pub article: ArticleId,
    pub related: ArticleId,
    pub origin: RelatedOrigin,
    /// Order among the entries of its origin.
    pub position: u32,
    pub set_at: Timestamp,
}

/// An article's related entries that readers may see (public articles, pinned
/// ones first, then the index's in its order), and when the list last changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelatedRead {
    pub entries: Vec<(RelatedOrigin, nashir_core::ArticleSummary)>,
    pub changed_at: Option<Timestamp>,
}

/// A newsroom change to one article's related list
/// ([`crate::store::RelatedStore::related_write`]), written with its audit entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelatedWrite {
    /// Shows `related` first (after the articles pinned before), while fewer than
    /// `max` are pinned; an entry removed before comes back pinned.
    Pin { related: ArticleId, max: u32 },
    /// Back to the index's choice.
    Unpin(ArticleId),
    /// Never shown under this article, while fewer than `max` are removed.
    Remove { related: ArticleId, max: u32 },
    /// No longer removed: the index may choose it again.
    Restore(ArticleId),
}

/// What a [`RelatedWrite`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelatedOutcome {
    Done,
    /// The list already was so: nothing written.
    Unchanged,
    /// As many are pinned (or removed) as may be.
    Full,
    /// No such article (or it is in the trash).
    Unknown,
}

/// One article brought in whole from another system (a WordPress post), with
/// what hangs on it; imported again under the same key, it is updated in place.
#[derive(Clone, Debug)]
pub struct ImportItem {
    /// Stable across imports of the same source, e.g. `wordpress:example.org:post:12`.
    pub key: String,
    pub article: NewArticle,
    pub sticky: bool,
    /// Readers may comment.
    pub comments_open: bool,
    /// (slug, name) of author profiles, created when missing.
    pub authors: Vec<(String, String)>,
    /// (slug, name) of tags, created when missing.
    pub tags: Vec<(String, String)>,
    pub featured: Option<i64>,
    pub comments: Vec<ImportComment>,
    /// Old paths (normalized) that answer 301 to the article.
    pub redirects: Vec<String>,
}

/// A comment of an imported article; replies name their thread's first comment.
#[derive(Clone, Debug)]
pub struct ImportComment {
    pub key: String,
    pub parent_key: Option<String>,
    pub author_name: String,
    pub author_email: Option<String>,
    pub body: String,
    pub status: CommentStatus,
    pub created_at: Timestamp,
}

/// What importing one [`ImportItem`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemImported {
    pub id: ArticleId,
    pub outcome: ImportOutcome,
    /// Comments created (not those already there from an earlier import).
    pub new_comments: u32,
}

/// A static page (من نحن، اتصل بنا، سياسة الخصوصية): a title and blocks at
/// `/ar/page/{slug}`, published or a draft, perhaps in every page's footer menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticPage {
    pub id: i64,
    /// The edition whose footer lists it, under whose prefix it lives.
    pub language: Language,
    pub slug: String,
    pub title: String,
    pub body: Vec<Block>,
    /// The images the body shows, for rendering them.
    pub images: Vec<Media>,
    pub published: bool,
    /// Its place in the footer menu (ascending); none when it is not listed.
    pub footer_position: Option<i64>,
    pub updated_at: Timestamp,
}

/// Where a static page of the edition in `language` lives.
pub fn static_page_path(language: Language, slug: &str) -> String {
    format!("/{language}/page/{slug}")
}

/// The percent-encoded path, for `href`s and `Location`s.
pub fn static_page_href(language: Language, slug: &str) -> String {
    format!(
        "/{language}/page/{}",
        nashir_core::slug::percent_encode_segment(slug)
    )
}

/// A static page as the newsroom or an import writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageWrite {
    /// The page to change; none for a new one.
    pub id: Option<i64>,
    pub language: Language,
    pub slug: String,
    pub title: String,
    pub body: Vec<Block>,
    pub published: bool,
    pub footer_position: Option<i64>,
}

/// What importing one [`ImportPage`] did: its id, the slug it got (the one
/// asked for, or with `-2`, `-3`… when another page had it), and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageImported {
    pub id: i64,
    pub slug: String,
    pub outcome: ImportOutcome,
}

/// A page brought in from another system (a WordPress page), under the key of
/// its origin, with the old addresses that answer 301 to it.
#[derive(Clone, Debug)]
pub struct ImportPage {
    pub key: String,
    pub page: PageWrite,
    pub redirects: Vec<String>,
}
