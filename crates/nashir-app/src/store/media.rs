use async_trait::async_trait;
use jiff::Timestamp;
use nashir_core::Media;

use super::StoreError;

/// The records of uploaded images (their files live in a `MediaFiles`).
#[async_trait]
pub trait MediaStore: Send + Sync {
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
}
