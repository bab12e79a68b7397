//! Filling an empty site in one go (the demo content): sections named in each
//! edition, articles in the reference format of theirs, translation links, tags,
//! author profiles with portraits, pictures and some views. The content comes
//! from the caller; this is the order it is written in.

use std::future::Future;

use nashir_core::language::Language;

use crate::app::{App, ImportFileError, Imported};
use crate::media::{MediaError, Processed};
use crate::records::{ImportPage, PageWrite, Views};
use crate::store::StoreError;

/// What to put in an empty site.
pub struct Seed<'a> {
    /// (slug, its name in each edition): the default edition's names it (else
    /// the first), the others put it in their menus.
    pub sections: &'a [(&'a str, &'a [(Language, &'a str)])],
    pub articles: &'a [SeedArticle<'a>],
    /// (key of a translation, key of the article it translates)
    pub translations: &'a [(&'a str, &'a str)],
    /// (slug, name, keys of its articles)
    pub tags: &'a [(&'a str, &'a str, &'a [&'a str])],
    /// (slug, name, bio, keys of their articles)
    pub authors: &'a [(&'a str, &'a str, &'a str, &'a [&'a str])],
    /// Static pages: (slug, title, body in the editor's Markdown, footer place).
    pub pages: &'a [(&'a str, &'a str, &'a str, Option<i64>)],
}

pub struct SeedArticle<'a> {
    /// Names the article across loads, as an import key does.
    pub key: &'a str,
    /// The edition it is written for.
    pub language: Language,
    pub section: &'a str,
    /// The text, in the reference format as its edition writes it.
    pub text: &'a [u8],
    /// Views recorded today, so "most read" has something to rank.
    pub views: u32,
}

/// The pictures of a seed with their alt texts, in its order: each article's
/// featured image, and each author's portrait.
pub struct SeedPictures {
    pub articles: Vec<(Processed, String)>,
    pub portraits: Vec<(Processed, String)>,
}

impl App {
    /// Whether the site has no article in any state.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.store.article_count().await? == 0)
    }

    /// Fills an empty site with `seed`; a site with content is left alone. The
    /// pictures are awaited after the text is stored, so they can be made meanwhile
    /// (none: the site has no pictures).
    pub async fn seed(
        &self,
        seed: &Seed<'_>,
        pictures: impl Future<Output = Result<Option<SeedPictures>, MediaError>>,
    ) -> Result<Vec<Imported>, ImportFileError> {
        if !self.is_empty().await? {
            return Ok(Vec::new());
        }
        let default = self.site.default_edition();
        for (slug, names) in seed.sections {
            let main = names.iter().find(|(l, _)| *l == default).or(names.first());
            let Some((main, name)) = main else { continue };
            self.store.upsert_section(slug, name).await?;
            for (language, name) in names.iter().filter(|(l, _)| l != main) {
                self.store.name_section(slug, *language, Some(name)).await?;
            }
        }
        let mut done = Vec::new();
        for article in seed.articles {
            let key = format!("demo:{}", article.key);
            done.push(
                self.import_reference_in(&key, article.text, article.section, article.language)
                    .await?,
            );
        }
        let id_of = |key: &str| {
            seed.articles
                .iter()
                .position(|a| a.key == key)
                .map(|i| done[i].id)
        };
        for (key, of) in seed.translations {
            let (Some(article), Some(original)) = (id_of(key), id_of(of)) else {
                continue;
            };
            if !self
                .store
                .link_translation(article, original, self.clock.now())
                .await?
            {
                let taken = format!("a demo translation: {of} already has one like {key}");
                return Err(StoreError::Conflict(taken).into());
            }
        }
        for (slug, name, keys) in seed.tags {
            let tag = self.store.upsert_tag(slug, name).await?;
            for id in keys.iter().filter_map(|k| id_of(k)) {
                let mut tags: Vec<i64> = self
                    .store
                    .article(id)
                    .await?
                    .map(|a| a.tags.iter().map(|t| t.id).collect())
                    .unwrap_or_default();
                tags.push(tag.id);
                self.store
                    .set_article_tags(id, &tags, self.clock.now())
                    .await?;
            }
        }
        let pages: Vec<ImportPage> = seed
            .pages
            .iter()
            .map(|(slug, title, body, footer)| ImportPage {
                key: format!("demo:page:{slug}"),
                page: PageWrite {
                    id: None,
                    language: nashir_core::language::Language::Arabic,
                    slug: slug.to_string(),
                    title: title.to_string(),
                    body: nashir_core::markdown::parse(body),
                    published: true,
                    footer_position: *footer,
                },
                redirects: Vec::new(),
            })
            .collect();
        for page in self
            .store
            .import_static_pages(&pages, self.clock.now())
            .await?
        {
            page?;
        }
        let mut authors = Vec::new();
        for (slug, name, bio, keys) in seed.authors {
            let author = self.store.upsert_author(slug, name, bio).await?;
            for id in keys.iter().filter_map(|k| id_of(k)) {
                self.store
                    .set_article_authors(id, &[author.id], self.clock.now())
                    .await?;
            }
            authors.push(author.id);
        }
        let today = self.day_number(self.clock.now());
        let views: Vec<Views> = seed
            .articles
            .iter()
            .zip(&done)
            .map(|(article, imported)| Views {
                article_id: imported.id,
                day: today,
                count: article.views,
            })
            .collect();
        self.store.record_views(&views).await?;
        if let Some(pictures) = pictures.await? {
            for (imported, (processed, alt)) in done.iter().zip(pictures.articles) {
                let media = self.keep_image(processed, &alt, None).await?;
                self.store
                    .set_article_featured(imported.id, Some(media.id), self.clock.now())
                    .await?;
            }
            for (author, (processed, alt)) in authors.iter().zip(pictures.portraits) {
                let media = self.keep_image(processed, &alt, None).await?;
                self.store.set_author_photo(*author, Some(media.id)).await?;
            }
        }
        self.changed().await;
        Ok(done)
    }
}
