use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::language::Language;
use nashir_core::{ArticleId, ArticleSummary};

use super::StoreError;
use crate::records::{Change, ListFilter, Page, Placement, PublishedUrl, Views};

/// What readers' lists, feeds, sitemaps and caches read: published articles by filter, views, and the change log that every node follows.
#[async_trait]
pub trait ListingStore: Send + Sync {
    /// Published articles visible at `now` that pass `filter`, newest first.
    async fn list_published(
        &self,
        now: Timestamp,
        filter: &ListFilter,
        page: Page,
        limit: u32,
    ) -> Result<Vec<ArticleSummary>, StoreError>;

    /// Where published articles live and when they last changed, in id order,
    /// from the `offset`th (sitemaps).
    async fn published_urls(
        &self,
        now: Timestamp,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<PublishedUrl>, StoreError>;

    /// Where the published articles of these translation groups live.
    async fn group_urls(
        &self,
        now: Timestamp,
        groups: &[i64],
    ) -> Result<Vec<PublishedUrl>, StoreError>;

    /// Number of published articles visible at `now`.
    async fn published_count(&self, now: Timestamp) -> Result<u64, StoreError>;

    /// Adds view counts (batched by the caller).
    async fn record_views(&self, views: &[Views]) -> Result<(), StoreError>;

    /// The most viewed published articles of `language` over days
    /// `from_day..=to_day`.
    async fn most_read(
        &self,
        language: Language,
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

    /// Summaries of the articles of `ids` that are public at `now`, in that order.
    async fn published_summaries(
        &self,
        now: Timestamp,
        ids: &[ArticleId],
    ) -> Result<Vec<ArticleSummary>, StoreError>;
}
