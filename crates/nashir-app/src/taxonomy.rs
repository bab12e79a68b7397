//! Sections, tags and author profiles: the readers' lookups and the newsroom's saves.

use nashir_core::language::Language;
use nashir_core::permissions::Action;
use nashir_core::{Author, Media, Section, Tag};
use nashir_i18n::Message;

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::records::NewsroomWrite;
use crate::store::StoreError;

/// An author's page: the profile and its photo.
#[derive(Clone, Debug)]
pub struct AuthorProfile {
    pub author: Author,
    pub photo: Option<Media>,
}

impl App {
    pub async fn section(&self, slug: &str) -> Result<Option<Section>, StoreError> {
        self.store.section_by_slug(slug).await
    }

    /// A section as an edition shows it: by its name there, else by the
    /// default edition's.
    pub async fn section_in(
        &self,
        language: Language,
        slug: &str,
    ) -> Result<Option<Section>, StoreError> {
        if let Some(named) = self
            .sections_in(language)
            .await?
            .into_iter()
            .find(|s| s.slug == slug)
        {
            return Ok(Some(named));
        }
        self.section(slug).await
    }

    pub async fn tag(&self, slug: &str) -> Result<Option<Tag>, StoreError> {
        self.store.tag_by_slug(slug).await
    }

    pub async fn author_profile(&self, slug: &str) -> Result<Option<AuthorProfile>, StoreError> {
        let Some(author) = self.store.author_by_slug(slug).await? else {
            return Ok(None);
        };
        let photo = match author.photo {
            Some(id) => self.store.media(id).await?,
            None => None,
        };
        Ok(Some(AuthorProfile { author, photo }))
    }

    pub async fn tags(&self) -> Result<Vec<Tag>, StoreError> {
        self.store.tags().await
    }

    pub async fn authors(&self) -> Result<Vec<Author>, StoreError> {
        self.store.authors().await
    }

    /// Creates or renames a section (editors).
    pub async fn save_section(&self, by: &User, slug: &str, name: &str) -> Result<(), EditError> {
        let write = NewsroomWrite::Section {
            slug: slug.into(),
            name: name.into(),
        };
        let target = format!("/admin/sections: {slug} = {name}");
        self.save_entry(by, Action::ManageSections, write, target)
            .await
    }

    /// Names an existing section in an edition other than the default (editors);
    /// an empty name takes it out of that edition's menu.
    pub async fn name_section(
        &self,
        by: &User,
        slug: &str,
        language: Language,
        name: &str,
    ) -> Result<(), EditError> {
        by.require(Action::ManageSections)?;
        if !self.site.publishes(language) || language == self.site.default_edition() {
            return Err(EditError::Invalid(vec!["nr-editor-edition-unknown".into()]));
        }
        if self.store.section_by_slug(slug).await?.is_none() {
            let missing = Message::new("nr-taxonomy-no-section").with("slug", slug.to_string());
            return Err(EditError::Invalid(vec![missing]));
        }
        let name = (!name.is_empty()).then(|| name.to_string());
        let target = format!(
            "/admin/sections: {slug} in {language} = {}",
            name.as_deref().unwrap_or("-")
        );
        let write = NewsroomWrite::SectionName {
            slug: slug.into(),
            language,
            name,
        };
        self.save_entry(by, Action::ManageSections, write, target)
            .await
    }

    /// Creates or renames a tag (editors).
    pub async fn save_tag(&self, by: &User, slug: &str, name: &str) -> Result<(), EditError> {
        let write = NewsroomWrite::Tag {
            slug: slug.into(),
            name: name.into(),
        };
        let target = format!("/admin/tags: {slug} = {name}");
        self.save_entry(by, Action::ManageTags, write, target).await
    }

    /// Creates or updates an author profile with its photo (a media id, or none).
    pub async fn save_author(
        &self,
        by: &User,
        slug: &str,
        name: &str,
        bio: &str,
        photo: Option<i64>,
    ) -> Result<(), EditError> {
        by.require(Action::ManageAuthors)?;
        if let Some(id) = photo
            && self.store.media(id).await?.is_none()
        {
            return Err(EditError::Invalid(vec!["nr-picture-missing".into()]));
        }
        let write = NewsroomWrite::Author {
            slug: slug.into(),
            name: name.into(),
            bio: bio.into(),
            photo,
        };
        let target = format!("/admin/authors: {slug} = {name}");
        self.save_entry(by, Action::ManageAuthors, write, target)
            .await
    }

    /// A taxonomy write and its audit line, one transaction; every page shows them.
    /// The line's target starts with the newsroom page's path, as it always has.
    async fn save_entry(
        &self,
        by: &User,
        needs: Action,
        write: NewsroomWrite,
        target: String,
    ) -> Result<(), EditError> {
        by.require(needs)?;
        self.write_audited(by, write, "taxonomy", target).await?;
        self.changed().await;
        Ok(())
    }
}
