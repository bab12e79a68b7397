use async_trait::async_trait;
use nashir_core::language::Language;
use nashir_core::{Author, Section, Tag};

use super::StoreError;

/// Sections, tags and author profiles.
#[async_trait]
pub trait TaxonomyStore: Send + Sync {
    /// Every section, by its name in the default edition.
    async fn sections(&self) -> Result<Vec<Section>, StoreError>;

    /// The sections named in the edition in `language`, by that name.
    async fn sections_named(&self, language: Language) -> Result<Vec<Section>, StoreError>;

    async fn section_by_slug(&self, slug: &str) -> Result<Option<Section>, StoreError>;

    async fn tags(&self) -> Result<Vec<Tag>, StoreError>;

    async fn authors(&self) -> Result<Vec<Author>, StoreError>;

    async fn tag_by_slug(&self, slug: &str) -> Result<Option<Tag>, StoreError>;

    async fn author_by_slug(&self, slug: &str) -> Result<Option<Author>, StoreError>;

    /// Creates the section, or renames it.
    async fn upsert_section(&self, slug: &str, name: &str) -> Result<Section, StoreError>;

    /// Names a section in the edition in `language` (none: takes the name
    /// there away).
    async fn name_section(
        &self,
        slug: &str,
        language: Language,
        name: Option<&str>,
    ) -> Result<(), StoreError>;

    async fn upsert_tag(&self, slug: &str, name: &str) -> Result<Tag, StoreError>;

    async fn upsert_author(&self, slug: &str, name: &str, bio: &str) -> Result<Author, StoreError>;

    async fn set_author_photo(&self, author: i64, media: Option<i64>) -> Result<(), StoreError>;
}
