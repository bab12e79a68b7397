use async_trait::async_trait;
use jiff::Timestamp;

use super::StoreError;
use crate::records::{Audit, ImportPage, PageImported, PageWrite, StaticPage};

/// Static pages (see [`StaticPage`]). A write to one is a site change: every
/// page shows the footer menu.
#[async_trait]
pub trait PageStore: Send + Sync {
    /// The page at `slug`, in any state.
    async fn static_page(&self, slug: &str) -> Result<Option<StaticPage>, StoreError>;

    async fn static_page_by_id(&self, id: i64) -> Result<Option<StaticPage>, StoreError>;

    /// Every page, in any state: the footer's in their order first, then the
    /// others by title. Bodies and images are not read (`body` is empty).
    async fn static_pages(&self) -> Result<Vec<StaticPage>, StoreError>;

    /// Creates the page (`id` none) or changes it, with its audit entry, in one
    /// transaction; its id. [`StoreError::Conflict`] when another page has the
    /// slug; `None` when `id` names no page.
    async fn save_static_page(
        &self,
        page: &PageWrite,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<Option<i64>, StoreError>;

    /// Deletes a page with its audit entry; false when there was none.
    async fn delete_static_page(
        &self,
        id: i64,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError>;

    /// Imports pages by key in one transaction, each atomically (its redirects
    /// with it): created, updated or unchanged. A slug another page has is
    /// given a number (`about-2`), as WordPress does.
    async fn import_static_pages(
        &self,
        pages: &[ImportPage],
        now: Timestamp,
    ) -> Result<Vec<Result<PageImported, StoreError>>, StoreError>;
}
