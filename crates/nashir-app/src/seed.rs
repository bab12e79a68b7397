//! Filling an empty site in one go (the demo content): sections, articles in the
//! reference format, tags, author profiles with portraits, pictures and some views.
//! The content comes from the caller; this is the order it is written in.

use std::future::Future;

use crate::app::{App, ImportFileError, Imported};
use crate::media::{MediaError, Processed};
use crate::records::{ImportPage, PageWrite, Views};
use crate::store::StoreError;

/// What to put in an empty site.
pub struct Seed<'a> {
    /// (slug, name)
    pub sections: &'a [(&'a str, &'a str)],
    pub articles: &'a [SeedArticle<'a>],
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
    pub section: &'a str,
    /// The text, in the reference format.
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
        for (slug, name) in seed.sections {
            self.store.upsert_section(slug, name).await?;
        }
        let mut done = Vec::new();
        for article in seed.articles {
            let key = format!("demo:{}", article.key);
            done.push(
                self.import_reference(&key, article.text, article.section)
                    .await?,
            );
        }
        let id_of = |key: &str| {
            seed.articles
                .iter()
                .position(|a| a.key == key)
                .map(|i| done[i].id)
        };
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
