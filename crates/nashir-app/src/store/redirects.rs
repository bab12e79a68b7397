use async_trait::async_trait;
use jiff::Timestamp;

use super::StoreError;
use crate::records::{Audit, Redirect};

/// Old addresses and where they now live (see `crate::redirects`).
#[async_trait]
pub trait RedirectStore: Send + Sync {
    /// The redirect stored under the first of `keys` that has one (`keys` best
    /// first, as [`crate::records::redirect_keys`] gives them), in one read.
    async fn find_redirect(&self, keys: &[String]) -> Result<Option<Redirect>, StoreError>;

    /// Up to `limit` redirects whose target is `path` (with or without a query).
    async fn redirects_into(&self, path: &str, limit: u32) -> Result<Vec<Redirect>, StoreError>;

    /// A page of redirects, newest first: `limit` of them after skipping
    /// `offset`, only those whose old or new address contains `containing` when
    /// it is not empty.
    async fn redirects(
        &self,
        containing: &str,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Redirect>, StoreError>;

    /// Stores each redirect, replacing one with the same `from` (the last wins
    /// within `redirects`), with its audit entry, in one transaction. Refused
    /// whole with [`StoreError::Conflict`] when the result would hold a chain: a
    /// target that another redirect's `from` answers.
    async fn put_redirects(
        &self,
        redirects: &[Redirect],
        audit: &Audit,
        now: Timestamp,
    ) -> Result<(), StoreError>;

    /// Deletes the redirect from `from` with its audit entry; false when there
    /// was none.
    async fn delete_redirect(
        &self,
        from: &str,
        audit: &Audit,
        now: Timestamp,
    ) -> Result<bool, StoreError>;
}
