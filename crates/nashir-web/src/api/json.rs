//! What the API answers with: articles and the site's taxonomy as JSON, named as
//! DESIGN.md's API section fixes (`items`/`next` lists, RFC 3339 UTC times).

use askama::Template;
use nashir_core::{Article, ArticleSummary, Author, Media, Section, Tag};
use serde::Serialize;
use utoipa::ToSchema;

use crate::errors::WebError;
use crate::views::BodyHtml;

/// A page of a list: its items, and the cursor of the next (older) page.
#[derive(Serialize, ToSchema)]
pub struct List<T: ToSchema> {
    pub items: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SectionJson {
    pub slug: String,
    pub name: String,
}

impl From<&Section> for SectionJson {
    fn from(s: &Section) -> Self {
        SectionJson {
            slug: s.slug.clone(),
            name: s.name.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TagJson {
    pub slug: String,
    pub name: String,
}

impl From<&Tag> for TagJson {
    fn from(t: &Tag) -> Self {
        TagJson {
            slug: t.slug.clone(),
            name: t.name.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuthorJson {
    pub slug: String,
    pub name: String,
    pub bio: String,
}

impl From<&Author> for AuthorJson {
    fn from(a: &Author) -> Self {
        AuthorJson {
            slug: a.slug.clone(),
            name: a.name.clone(),
            bio: a.bio.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ImageJson {
    pub id: i64,
    /// The default width's file.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    /// Every stored width: `url 400w, …`.
    pub srcset: String,
}

impl From<&Media> for ImageJson {
    fn from(m: &Media) -> Self {
        ImageJson {
            id: m.id,
            url: m.url(m.default_width()),
            width: m.width,
            height: m.height,
            alt: m.alt.clone(),
            srcset: m.srcset(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SourceJson {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CorrectionJson {
    pub note: String,
    pub at: String,
}

/// An article in a list.
#[derive(Serialize, ToSchema)]
pub struct ArticleSummaryJson {
    pub id: i64,
    /// The public path.
    pub url: String,
    pub title: String,
    pub lead: String,
    pub section: String,
    pub edition: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    pub updated_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageJson>,
}

impl From<&ArticleSummary> for ArticleSummaryJson {
    fn from(s: &ArticleSummary) -> Self {
        ArticleSummaryJson {
            id: s.id.0,
            url: s.href(),
            title: s.title.clone(),
            lead: s.lead.clone(),
            section: s.section.slug.clone(),
            edition: s.language.code(),
            published_at: s.published_at.map(|t| t.to_string()),
            updated_at: s.updated_at.to_string(),
            image: s.image.as_ref().map(ImageJson::from),
        }
    }
}

/// An article whole.
#[derive(Serialize, ToSchema)]
pub struct ArticleJson {
    pub id: i64,
    pub url: String,
    /// The last part of `url`.
    pub slug: String,
    /// Whether `slug` was chosen by hand (else it is made from the title at every save).
    pub slug_chosen: bool,
    pub title: String,
    pub lead: String,
    /// The body as structured blocks: `{"type": "paragraph"|"heading"|"list"|"quote"|"image"|"embed", …}`;
    /// paragraphs, quotes, list items and captions may have `marks`
    /// (`{"start", "end", "kind": "strong"|"emphasis"|"link", "href"?}`, in characters).
    /// See docs/EXPORT.md.
    #[schema(value_type = Vec<Object>)]
    pub blocks: serde_json::Value,
    /// The body rendered as HTML, as feeds carry it.
    pub html: String,
    pub section: String,
    pub tags: Vec<TagJson>,
    pub authors: Vec<AuthorJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceJson>,
    pub edition: &'static str,
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    pub updated_at: String,
    pub revision: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub featured: Option<ImageJson>,
    /// For search engines and shares; empty: the lead stands for it.
    pub meta_description: String,
    /// The headline shares show; empty: the title stands for it.
    pub social_title: String,
    /// The image shares show; none: the featured image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub social_image: Option<ImageJson>,
    pub images: Vec<ImageJson>,
    pub corrections: Vec<CorrectionJson>,
    /// On the urgent strip now, until `urgent_until`.
    pub urgent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgent_until: Option<String>,
    /// A live blog whose coverage is open.
    pub live: bool,
    /// The related articles readers see under it (ids, in order).
    pub related: Vec<i64>,
}

impl ArticleJson {
    /// With what the site shows around it: the urgent strip, live coverage, related
    /// articles.
    pub async fn full(app: &nashir_app::App, a: &Article) -> Result<ArticleJson, WebError> {
        let mut json = ArticleJson::new(a)?;
        let until = app.urgent_until(a.language, a.id).await?;
        json.urgent = until.is_some();
        json.urgent_until = until.map(|t| t.to_string());
        json.live = a.live.is_some_and(|c| c.is_open());
        json.related = app
            .related_articles(a)
            .await?
            .articles
            .iter()
            .map(|s| s.id.0)
            .collect();
        Ok(json)
    }

    pub fn new(a: &Article) -> Result<ArticleJson, WebError> {
        let html = BodyHtml {
            t: nashir_i18n::Speaks::texts(a.language),
            blocks: &a.body,
            images: &a.images,
            corrections: Vec::new(),
        }
        .render()?;
        Ok(ArticleJson {
            id: a.id.0,
            url: a.href(),
            slug: a.slug.clone(),
            slug_chosen: a.publishing.slug.is_some(),
            title: a.title.clone(),
            lead: a.lead.clone(),
            blocks: serde_json::to_value(&a.body)
                .map_err(|e| WebError::Internal(format!("blocks: {e}")))?,
            html,
            section: a.section.slug.clone(),
            tags: a.tags.iter().map(TagJson::from).collect(),
            authors: a.authors.iter().map(AuthorJson::from).collect(),
            source: a.source.as_ref().map(|s| SourceJson {
                name: s.name.clone(),
                url: s.url.clone(),
            }),
            edition: a.language.code(),
            status: a.status.as_str(),
            published_at: a.published_at.map(|t| t.to_string()),
            updated_at: a.updated_at.to_string(),
            revision: a.revision,
            featured: a.featured.as_ref().map(ImageJson::from),
            meta_description: a.publishing.meta_description.clone(),
            social_title: a.publishing.social_title.clone(),
            social_image: a.social_image.as_ref().map(ImageJson::from),
            images: a.images.iter().map(ImageJson::from).collect(),
            corrections: a
                .corrections
                .iter()
                .map(|c| CorrectionJson {
                    note: c.note.clone(),
                    at: c.at.to_string(),
                })
                .collect(),
            urgent: false,
            urgent_until: None,
            live: false,
            related: Vec::new(),
        })
    }
}

/// A search hit: the article in brief and a snippet with the matched words.
#[derive(Serialize, ToSchema)]
pub struct SearchHitJson {
    #[serde(flatten)]
    pub article: ArticleSummaryJson,
    /// The snippet's text, matched words between `<mark>` and `</mark>` (escaped otherwise).
    pub snippet: String,
}

#[derive(Serialize, ToSchema)]
pub struct SearchJson {
    pub total: usize,
    pub items: Vec<SearchHitJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<String>,
}
