//! Nashir's use-cases and the ports they need.
//!
//! The web front and the CLI both call [`App`]; neither knows which database or
//! search engine sits behind the [`Store`] and [`SearchIndex`] ports.

pub mod accounts;
mod app;
mod clock;
pub mod comments;
mod console;
pub mod editor;
pub mod forms;
pub mod freshness;
pub mod front;
mod imports;
pub mod limits;
pub mod live;
pub mod mail;
pub mod media;
pub mod reader;
pub mod records;
pub mod redirects;
pub mod related;
pub mod search;
pub mod secrets;
pub mod seed;
pub mod static_pages;
mod store;
pub mod taxonomy;
pub mod translations;
pub mod webhooks;

pub use app::{
    App, AppParts, ArticlePage, DEFAULT_SECTION, EditionSettings, ImportFileError, Imported,
    PreparedImport, SiteSettings,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use records::{
    ArticleSave, Audit, Change, CorrectionEntry, Guarded, ImportOutcome, ListFilter, NewUrgent,
    NewsroomWrite, Page, Placement, PublishedUrl, RevisionInfo, Urgent, Views,
};
pub use search::{SearchError, SearchIndex, SearchRequest, SearchResults};
pub use store::{
    AccountStore, ArticleStore, CommentStore, FrontStore, ImportStore, LimitStore, ListingStore,
    LiveStore, MediaStore, OutboxStore, PageStore, RedirectStore, RelatedStore, Store, StoreError,
    TaxonomyStore, WebhookStore,
};
