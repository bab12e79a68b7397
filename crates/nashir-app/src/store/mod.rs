//! The persistence port, split by aggregate: one trait for each part of the site
//! a use-case writes, and [`Store`], which is all of them. Every method is one
//! transaction: it happens whole or not at all. The records they exchange live in
//! [`crate::records`].

mod accounts;
mod articles;
mod comments;
mod front;
mod imports;
mod limits;
mod listings;
mod live;
mod media;
mod outbox;
mod pages;
mod redirects;
mod related;
mod taxonomy;
mod webhooks;

pub use accounts::AccountStore;
pub use articles::ArticleStore;
pub use comments::CommentStore;
pub use front::FrontStore;
pub use imports::ImportStore;
pub use limits::LimitStore;
pub use listings::ListingStore;
pub use live::LiveStore;
pub use media::MediaStore;
pub use outbox::OutboxStore;
pub use pages::PageStore;
pub use redirects::RedirectStore;
pub use related::RelatedStore;
pub use taxonomy::TaxonomyStore;
pub use webhooks::WebhookStore;

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

/// Every part of the port: what the app holds (`Arc<dyn Store>`). A backend
/// implements the parts; this comes with them.
pub trait Store:
    ArticleStore
    + ListingStore
    + TaxonomyStore
    + AccountStore
    + LimitStore
    + CommentStore
    + FrontStore
    + OutboxStore
    + MediaStore
    + WebhookStore
    + LiveStore
    + RelatedStore
    + ImportStore
    + RedirectStore
    + PageStore
    + 'static
{
}

impl<T> Store for T where
    T: ArticleStore
        + ListingStore
        + TaxonomyStore
        + AccountStore
        + LimitStore
        + CommentStore
        + FrontStore
        + OutboxStore
        + MediaStore
        + WebhookStore
        + LiveStore
        + RelatedStore
        + ImportStore
        + RedirectStore
        + PageStore
        + 'static
{
}
