//! Static pages (من نحن، اتصل بنا، سياسة الخصوصية): written in the newsroom in
//! the editor's Markdown dialect, read at `/ar/page/{slug}`, the chosen ones in
//! every page's footer menu. Editors manage them, as they manage sections: they
//! are the site's own furniture.

use nashir_core::language::Language;
use nashir_core::permissions::Action;
use nashir_core::slug::slugify;
use nashir_i18n::Message;

use crate::accounts::User;
use crate::app::App;
use crate::editor::EditError;
use crate::records::{Audit, PageWrite, StaticPage};
use crate::store::StoreError;

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_SLUG_CHARS: usize = 80;
pub const MAX_BODY_CHARS: usize = 100_000;
/// Positions in the footer menu run from 1 to this.
pub const MAX_FOOTER_POSITION: i64 = 99;

/// The newsroom's form for a page.
#[derive(Clone, Debug, Default)]
pub struct PageForm {
    /// The page being changed; none for a new one.
    pub id: Option<i64>,
    /// The edition it belongs to.
    pub language: Language,
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    /// The editor's Markdown dialect.
    pub body: String,
    pub published: bool,
    /// Its place in the footer menu; none when it is not listed.
    pub footer_position: Option<i64>,
}

/// A link of the footer menu: (title, slug).
pub type FooterLink = (String, String);

impl App {
    /// A published page, for readers.
    pub async fn static_page_for_readers(
        &self,
        slug: &str,
    ) -> Result<Option<StaticPage>, StoreError> {
        Ok(self
            .store
            .static_page(slug)
            .await?
            .filter(|p| p.published && self.site.publishes(p.language)))
    }

    /// An edition's footer menu: its published pages with a place there, kept
    /// between site changes.
    pub async fn footer_pages(&self, language: Language) -> Result<Vec<FooterLink>, StoreError> {
        let read = async {
            Ok(self
                .store
                .static_pages()
                .await?
                .into_iter()
                .filter(|p| p.published && p.footer_position.is_some() && p.language == language)
                .map(|p| (p.title, p.slug))
                .collect())
        };
        self.kept.footer[language as usize]
            .get_or_read(&self.freshness, read)
            .await
    }

    /// The published pages of the editions the site publishes (the sitemap).
    pub async fn published_static_pages(&self) -> Result<Vec<StaticPage>, StoreError> {
        Ok(self
            .store
            .static_pages()
            .await?
            .into_iter()
            .filter(|p| p.published && self.site.publishes(p.language))
            .collect())
    }

    pub async fn static_pages(&self, by: &User) -> Result<Vec<StaticPage>, EditError> {
        by.require(Action::ManageSections)?;
        Ok(self.store.static_pages().await?)
    }

    /// One page as the newsroom edits it.
    pub async fn static_page_to_edit(&self, by: &User, id: i64) -> Result<StaticPage, EditError> {
        by.require(Action::ManageSections)?;
        self.store
            .static_page_by_id(id)
            .await?
            .ok_or(EditError::NotFound)
    }

    /// Creates or changes a page; its id and slug. Every problem of the form is
    /// named; nothing is written unless all is well.
    pub async fn save_static_page(
        &self,
        by: &User,
        form: &PageForm,
    ) -> Result<(i64, String), EditError> {
        by.require(Action::ManageSections)?;
        let mut problems = Vec::new();
        let title = form.title.trim();
        if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
            problems.push(Message::new("nr-editor-title-required").with("max", MAX_TITLE_CHARS));
        }
        let slug = slugify(if form.slug.trim().is_empty() {
            title
        } else {
            &form.slug
        });
        if slug.is_empty() || slug.chars().count() > MAX_SLUG_CHARS {
            problems.push(Message::new("nr-page-slug").with("max", MAX_SLUG_CHARS));
        }
        if form.body.chars().count() > MAX_BODY_CHARS {
            problems.push(Message::new("nr-editor-body-long").with("max", MAX_BODY_CHARS));
        }
        if let Some(p) = form.footer_position
            && !(1..=MAX_FOOTER_POSITION).contains(&p)
        {
            problems.push(Message::new("nr-page-footer").with("max", MAX_FOOTER_POSITION));
        }
        let body = nashir_core::markdown::parse(&form.body);
        for media in nashir_core::Article::body_images(&body) {
            if self.store.media(media).await?.is_none() {
                problems.push(Message::new("nr-page-image-missing").with("id", media));
            }
        }
        if !problems.is_empty() {
            return Err(EditError::Invalid(problems));
        }
        if !self.site.publishes(form.language) {
            return Err(EditError::Invalid(vec!["nr-editor-edition-unknown".into()]));
        }
        let write = PageWrite {
            id: form.id,
            language: form.language,
            slug: slug.clone(),
            title: title.to_string(),
            body,
            published: form.published,
            footer_position: form.footer_position,
        };
        let audit = Audit {
            by: Some(by.id),
            action: "page.save".into(),
            target: format!("/ar/page/{slug}: {title}"),
        };
        let saved = self
            .store
            .save_static_page(&write, &audit, self.clock.now())
            .await;
        let id = match saved {
            Ok(Some(id)) => id,
            Ok(None) => return Err(EditError::NotFound),
            Err(StoreError::Conflict(_)) => {
                return Err(EditError::Invalid(vec![
                    Message::new("nr-page-slug-taken").with("slug", slug),
                ]));
            }
            Err(e) => return Err(e.into()),
        };
        self.changed().await;
        Ok((id, slug))
    }

    /// Deletes a page.
    pub async fn delete_static_page(&self, by: &User, id: i64) -> Result<(), EditError> {
        by.require(Action::ManageSections)?;
        let audit = Audit {
            by: Some(by.id),
            action: "page.delete".into(),
            target: format!("page {id}"),
        };
        if !self
            .store
            .delete_static_page(id, &audit, self.clock.now())
            .await?
        {
            return Err(EditError::NotFound);
        }
        self.changed().await;
        Ok(())
    }
}
