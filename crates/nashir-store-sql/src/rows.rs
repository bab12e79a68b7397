//! Row shapes and their conversion to domain types.

use jiff::Timestamp;
use nashir_app::StoreError;
use nashir_core::language::Language;
use nashir_core::{
    Article, ArticleId, ArticleSummary, Author, Block, Correction, Media, NewArticle, Publishing,
    Section, Source, Status, Tag,
};

use crate::media::MediaRow;

/// One article with its section; `$filter` completes the WHERE clause.
macro_rules! article_select {
    ($filter:literal) => {
        concat!(
            "SELECT a.id, a.language, a.title, a.slug, a.lead, a.body, a.source_name,
                    a.source_url, a.status, a.published_at, a.updated_at, a.modified_at,
                    a.created_at, a.revision, a.created_by, a.featured_media_id, a.comments_open,
                    a.sticky, a.live_started_at, a.live_ended_at, a.custom_slug,
                    a.meta_description, a.social_title, a.social_media_id, a.translation_group,
                    s.id AS section_id, s.slug AS section_slug,
                    COALESCE(sn.name, s.name) AS section_name,
                    (SELECT count(*) FROM comments c
                     WHERE c.article_id = a.id AND c.status = 'approved') AS approved_comments,
                    (SELECT count(*) FROM corrections k WHERE k.article_id = a.id) AS corrections
             FROM articles a JOIN sections s ON s.id = a.section_id
             LEFT JOIN section_names sn ON sn.section_id = s.id AND sn.language = a.language
             WHERE ",
            $filter
        )
    };
}

pub const ARTICLE_SELECT_BY_ID: &str = article_select!("a.id = $1 AND a.deleted_at IS NULL");
/// Completed with a list of ids and `)`.
pub const ARTICLE_SELECT_IN: &str = article_select!("a.deleted_at IS NULL AND a.id IN (");
pub const ARTICLE_SELECT_BY_KEY: &str = article_select!("a.import_key = $1");
pub const ARTICLE_SELECT_AFTER: &str =
    article_select!("a.id > $1 AND a.deleted_at IS NULL ORDER BY a.id LIMIT $2");

pub fn secs(ts: Timestamp) -> i64 {
    ts.as_second()
}

pub fn timestamp(s: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(s).map_err(|e| StoreError::Corrupt(format!("timestamp {s}: {e}")))
}

pub fn body_json(body: &[Block]) -> Result<String, StoreError> {
    serde_json::to_string(body).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn source(name: Option<String>, url: Option<String>) -> Option<Source> {
    name.map(|name| Source { name, url })
}

#[derive(sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    language: String,
    title: String,
    slug: String,
    lead: String,
    body: String,
    source_name: Option<String>,
    source_url: Option<String>,
    status: String,
    published_at: Option<i64>,
    updated_at: i64,
    modified_at: i64,
    created_at: i64,
    pub revision: i64,
    created_by: Option<i64>,
    pub featured_media_id: Option<i64>,
    comments_open: i64,
    sticky: i64,
    live_started_at: Option<i64>,
    live_ended_at: Option<i64>,
    custom_slug: Option<String>,
    meta_description: String,
    social_title: String,
    pub social_media_id: Option<i64>,
    translation_group: Option<i64>,
    approved_comments: i64,
    /// How many corrections it has: with none, they need not be read.
    pub corrections: i64,
    section_id: i64,
    section_slug: String,
    section_name: String,
}

impl ArticleRow {
    /// Would saving `a` change anything readers or editors can see?
    pub fn same_content(&self, a: &NewArticle, section: i64, body: &str) -> bool {
        self.language == a.language.code()
            && self.section_id == section
            && self.title == a.title
            && self.lead == a.lead
            && self.body == body
            && self.source_name.as_deref() == a.source.as_ref().map(|s| s.name.as_str())
            && self.source_url.as_deref() == a.source.as_ref().and_then(|s| s.url.as_deref())
            && self.status == a.status.as_str()
            && self.updated_at == secs(a.updated_at)
            && self.custom_slug == a.publishing.slug
            && self.meta_description == a.publishing.meta_description
            && self.social_title == a.publishing.social_title
    }

    /// Media ids the stored body shows (without parsing it twice for articles
    /// that show none).
    pub fn body_images(&self) -> Result<Vec<i64>, StoreError> {
        if !self.body.contains("\"image\"") {
            return Ok(Vec::new());
        }
        let body: Vec<Block> = serde_json::from_str(&self.body)
            .map_err(|e| StoreError::Corrupt(format!("article {} body: {e}", self.id)))?;
        Ok(Article::body_images(&body))
    }

    pub fn into_article(
        self,
        (featured, images, social_image): Pictures,
        authors: Vec<Author>,
        tags: Vec<Tag>,
        corrections: Vec<Correction>,
    ) -> Result<Article, StoreError> {
        let body: Vec<Block> = serde_json::from_str(&self.body)
            .map_err(|e| StoreError::Corrupt(format!("article {} body: {e}", self.id)))?;
        let status = Status::parse(&self.status)
            .ok_or_else(|| StoreError::Corrupt(format!("article {} status", self.id)))?;
        Ok(Article {
            id: ArticleId(self.id),
            language: Language::of_article(&self.language),
            section: Section {
                id: self.section_id,
                slug: self.section_slug,
                name: self.section_name,
            },
            title: self.title,
            slug: self.slug,
            lead: self.lead,
            body,
            source: source(self.source_name, self.source_url),
            authors,
            tags,
            featured,
            images,
            status,
            published_at: self.published_at.map(timestamp).transpose()?,
            updated_at: timestamp(self.updated_at)?,
            modified_at: timestamp(self.modified_at)?,
            created_at: timestamp(self.created_at)?,
            revision: self.revision,
            created_by: self.created_by,
            comments_open: self.comments_open != 0,
            approved_comments: self.approved_comments.max(0) as u64,
            corrections,
            sticky: self.sticky != 0,
            live: match self.live_started_at {
                Some(started) => Some(nashir_core::live::Coverage {
                    started_at: timestamp(started)?,
                    ended_at: self.live_ended_at.map(timestamp).transpose()?,
                }),
                None => None,
            },
            publishing: Publishing {
                slug: self.custom_slug,
                meta_description: self.meta_description,
                social_title: self.social_title,
            },
            social_image,
            translation_group: self.translation_group,
        })
    }
}

/// An article's pictures: the featured one, the body's, the one shares show.
pub type Pictures = (Option<Media>, Vec<Media>, Option<Media>);

#[derive(sqlx::FromRow)]
pub struct AuthorRow {
    id: i64,
    slug: String,
    name: String,
    bio: String,
    photo_media_id: Option<i64>,
}

impl From<AuthorRow> for Author {
    fn from(a: AuthorRow) -> Author {
        Author {
            id: a.id,
            slug: a.slug,
            name: a.name,
            bio: a.bio,
            photo: a.photo_media_id,
        }
    }
}

/// The columns of [`SummaryRow`], for list queries (`a` articles, `s` sections).
pub const SUMMARY_COLUMNS: &str =
    "a.id, a.language, a.title, a.slug, a.lead, a.published_at, a.updated_at,
    a.modified_at, s.id AS section_id, s.slug AS section_slug,
    COALESCE(sn.name, s.name) AS section_name,
    m.id AS image_id, m.ext AS image_ext, m.width AS image_width, m.height AS image_height,
    m.widths AS image_widths, m.alt AS image_alt";

/// The tables of [`SUMMARY_COLUMNS`] once `a` is in the query: its section (by
/// its name in the article's edition) and featured image (teasers show a
/// thumbnail).
pub const SUMMARY_JOINS: &str = " JOIN sections s ON s.id = a.section_id
    LEFT JOIN section_names sn ON sn.section_id = s.id AND sn.language = a.language
    LEFT JOIN media m ON m.id = a.featured_media_id";

#[derive(sqlx::FromRow)]
pub struct SummaryRow {
    id: i64,
    language: String,
    title: String,
    slug: String,
    lead: String,
    published_at: Option<i64>,
    updated_at: i64,
    modified_at: i64,
    section_id: i64,
    section_slug: String,
    section_name: String,
    image_id: Option<i64>,
    image_ext: Option<String>,
    image_width: Option<i64>,
    image_height: Option<i64>,
    image_widths: Option<String>,
    image_alt: Option<String>,
}

impl SummaryRow {
    pub fn into_summary(self) -> Result<ArticleSummary, StoreError> {
        Ok(ArticleSummary {
            id: ArticleId(self.id),
            language: Language::of_article(&self.language),
            title: self.title,
            slug: self.slug,
            lead: self.lead,
            section: Section {
                id: self.section_id,
                slug: self.section_slug,
                name: self.section_name,
            },
            published_at: self.published_at.map(timestamp).transpose()?,
            updated_at: timestamp(self.updated_at)?,
            modified_at: timestamp(self.modified_at)?,
            image: match self.image_id {
                Some(id) => Some(
                    MediaRow {
                        id,
                        ext: self.image_ext.unwrap_or_default(),
                        width: self.image_width.unwrap_or(0),
                        height: self.image_height.unwrap_or(0),
                        widths: self.image_widths.unwrap_or_default(),
                        alt: self.image_alt.unwrap_or_default(),
                        created_by: None,
                    }
                    .into_media()?,
                ),
                None => None,
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct RankedRow {
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    pub total: i64,
}

/// Revision `number` of an article, as what was saved.
pub async fn revision(
    pool: &sqlx::AnyPool,
    id: ArticleId,
    number: i64,
) -> Result<Option<NewArticle>, StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        title: String,
        lead: String,
        body: String,
        source_name: Option<String>,
        source_url: Option<String>,
        section_slug: String,
        status: String,
        updated_at: i64,
        published_at: Option<i64>,
        language: String,
        custom_slug: Option<String>,
        meta_description: String,
        social_title: String,
    }
    let Some(r) = sqlx::query_as::<_, Row>(
        "SELECT r.title, r.lead, r.body, r.source_name, r.source_url, s.slug AS section_slug,
                r.status, r.updated_at, a.published_at, a.language, r.custom_slug,
                r.meta_description, r.social_title
         FROM revisions r JOIN sections s ON s.id = r.section_id JOIN articles a ON a.id = r.article_id
         WHERE r.article_id = $1 AND r.number = $2",
    )
    .bind(id.0)
    .bind(number)
    .fetch_optional(pool)
    .await
    .map_err(crate::backend)?
    else {
        return Ok(None);
    };
    Ok(Some(NewArticle {
        language: Language::of_article(&r.language),
        section_slug: r.section_slug,
        title: r.title,
        lead: r.lead,
        body: serde_json::from_str(&r.body)
            .map_err(|e| StoreError::Corrupt(format!("revision {number} body: {e}")))?,
        source: source(r.source_name, r.source_url),
        status: Status::parse(&r.status).unwrap_or(Status::Draft),
        published_at: r.published_at.map(timestamp).transpose()?,
        updated_at: timestamp(r.updated_at)?,
        publishing: Publishing {
            slug: r.custom_slug,
            meta_description: r.meta_description,
            social_title: r.social_title,
        },
    }))
}
