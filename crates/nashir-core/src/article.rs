//! The article model. Bodies are structured blocks so one source renders to the
//! page, print, e-mail, feeds and search text.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::inline::{self, Mark};
use crate::language::Language;
use crate::slug;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ArticleId(pub i64);

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Scheduled,
    Published,
    Unpublished,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Unpublished => "unpublished",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Draft,
            Status::Scheduled,
            Status::Published,
            Status::Unpublished,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// One block of an article body. Paragraphs, quotes, list items and captions may
/// carry inline marks over their plain text (see [`crate::inline`]); a body saved
/// before marks existed reads as one without any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    Heading {
        text: String,
    },
    List {
        items: Vec<String>,
        /// `marks[i]` lies over `items[i]`; empty when no item has any.
        #[serde(default, skip_serializing_if = "no_item_marks")]
        marks: Vec<Vec<Mark>>,
    },
    Quote {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// Something shown from another site (a video, a post), by its address. Pages
    /// show a link to it; no third-party script or frame is loaded.
    Embed {
        url: String,
    },
    /// An uploaded image (by media id) with an optional caption.
    Image {
        media: i64,
        caption: String,
        /// Over the caption.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
}

fn no_item_marks(marks: &[Vec<Mark>]) -> bool {
    marks.iter().all(Vec::is_empty)
}

impl Block {
    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading { text: text.into() }
    }

    pub fn list(items: Vec<String>) -> Block {
        Block::List {
            items,
            marks: Vec::new(),
        }
    }

    pub fn quote(text: impl Into<String>) -> Block {
        Block::Quote {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    pub fn image(media: i64, caption: impl Into<String>) -> Block {
        Block::Image {
            media,
            caption: caption.into(),
            marks: Vec::new(),
        }
    }

    /// The block's plain text, for search, feeds and e-mail.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph { text, .. } | Block::Heading { text } | Block::Quote { text, .. } => {
                text.clone()
            }
            Block::List { items, .. } => items.join("\n"),
            Block::Image { caption, .. } => caption.clone(),
            Block::Embed { .. } => String::new(),
        }
    }

    /// The same block with its marks in canonical form (see [`inline::normalize`]):
    /// what every write stores, so one body has one spelling.
    pub fn normalized(self) -> Block {
        match self {
            Block::Paragraph { text, marks } => Block::Paragraph {
                marks: inline::normalize(&text, &marks),
                text,
            },
            Block::Quote { text, marks } => Block::Quote {
                marks: inline::normalize(&text, &marks),
                text,
            },
            Block::Image {
                media,
                caption,
                marks,
            } => Block::Image {
                marks: inline::normalize(&caption, &marks),
                media,
                caption,
            },
            Block::List { items, marks } => {
                let marks: Vec<Vec<Mark>> = items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| inline::normalize(item, Block::item_marks(&marks, i)))
                    .collect();
                Block::List {
                    marks: if no_item_marks(&marks) {
                        Vec::new()
                    } else {
                        marks
                    },
                    items,
                }
            }
            heading @ Block::Heading { .. } => heading,
            embed @ Block::Embed { .. } => embed,
        }
    }

    /// The marks over list item `i`.
    pub fn item_marks(marks: &[Vec<Mark>], i: usize) -> &[Mark] {
        marks.get(i).map_or(&[], Vec::as_slice)
    }
}

/// A correction readers are told of: what was wrong, and when it was put right.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    pub note: String,
    pub at: Timestamp,
}

/// Where the story comes from: `المصدر / الوقت`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// Arabic biography, plain text.
    pub bio: String,
    /// The media id of the author's photo.
    pub photo: Option<i64>,
}

/// An uploaded image: stored at every width in `widths` (ascending).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    pub id: i64,
    /// `jpg`, `png` or `webp`.
    pub ext: String,
    pub width: u32,
    pub height: u32,
    pub widths: Vec<u32>,
    /// Text for readers who cannot see the image; required before publishing.
    pub alt: String,
    /// Who uploaded it (none once their account is gone): they may change its alt
    /// text; editors of anyone's articles may too.
    #[serde(default)]
    pub created_by: Option<i64>,
}

impl Media {
    /// The URL of the stored width `w`.
    pub fn url(&self, w: u32) -> String {
        format!("/media/{}/{w}.{}", self.id, self.ext)
    }

    /// `srcset` with every stored width.
    pub fn srcset(&self) -> String {
        self.widths
            .iter()
            .map(|w| format!("{} {w}w", self.url(*w)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The width to use as `src` (the one nearest 800 px).
    pub fn default_width(&self) -> u32 {
        self.widths
            .iter()
            .copied()
            .min_by_key(|w| w.abs_diff(800))
            .unwrap_or(self.width)
    }

    /// The smallest stored width: a thumbnail's `src`.
    pub fn smallest_width(&self) -> u32 {
        self.widths.iter().copied().min().unwrap_or(self.width)
    }

    /// The height at the default width, for `width`/`height` attributes.
    pub fn default_height(&self) -> u32 {
        let w = self.default_width();
        (u64::from(self.height) * u64::from(w) / u64::from(self.width.max(1))) as u32
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// What a writer or importer hands to the store; ids and bookkeeping come from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewArticle {
    /// The edition it is written for.
    pub language: Language,
    pub section_slug: String,
    pub title: String,
    pub lead: String,
    pub body: Vec<Block>,
    pub source: Option<Source>,
    pub status: Status,
    pub published_at: Option<Timestamp>,
    /// The date readers see as "last updated".
    pub updated_at: Timestamp,
    /// The slug chosen by hand, the description and the share title.
    pub publishing: crate::Publishing,
}

impl NewArticle {
    /// The slug chosen by hand, else the one made from the headline.
    pub fn slug(&self) -> String {
        match &self.publishing.slug {
            Some(chosen) => chosen.clone(),
            None => slug::slugify_title(&self.title),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    /// The edition it belongs to (its path's prefix, its lists).
    pub language: Language,
    pub section: Section,
    pub title: String,
    pub slug: String,
    pub lead: String,
    pub body: Vec<Block>,
    pub source: Option<Source>,
    pub authors: Vec<Author>,
    pub tags: Vec<Tag>,
    /// The image shown with the headline, lists and shares.
    pub featured: Option<Media>,
    /// The images the body shows (its `Block::Image`s), for rendering them.
    pub images: Vec<Media>,
    pub status: Status,
    pub published_at: Option<Timestamp>,
    /// Shown to readers as "last updated"; corrections leave it alone.
    pub updated_at: Timestamp,
    /// Any change at all (caches and ETags key on this).
    pub modified_at: Timestamp,
    pub created_at: Timestamp,
    pub revision: i64,
    /// The newsroom user who created it (none for imports).
    pub created_by: Option<i64>,
    /// Readers may comment.
    pub comments_open: bool,
    /// How many comments are approved: with none, the page need not read them.
    pub approved_comments: u64,
    /// Its corrections, oldest first, shown under it.
    pub corrections: Vec<Correction>,
    /// Kept among the home page's featured stories.
    pub sticky: bool,
    /// Its live coverage, when it is (or was) a live blog.
    pub live: Option<crate::live::Coverage>,
    /// The slug chosen by hand (then `slug` is it), the description and the share title.
    pub publishing: crate::Publishing,
    /// The image shares show instead of the featured one.
    pub social_image: Option<Media>,
    /// The group it shares with its translations (the id of the article the
    /// first translation was made from); none while it has none.
    pub translation_group: Option<i64>,
}

impl Article {
    /// Media ids the body shows, in order.
    pub fn body_images(body: &[Block]) -> Vec<i64> {
        body.iter()
            .filter_map(|b| match b {
                Block::Image { media, .. } => Some(*media),
                _ => None,
            })
            .collect()
    }

    pub fn path(&self) -> String {
        slug::article_path(self.language, self.id, &self.slug)
    }

    /// [`Article::path`] percent-encoded, for `href` and `Location`.
    pub fn href(&self) -> String {
        slug::article_href(self.language, self.id, &self.slug)
    }

    /// What lists show of it.
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            id: self.id,
            language: self.language,
            title: self.title.clone(),
            slug: self.slug.clone(),
            lead: self.lead.clone(),
            section: self.section.clone(),
            published_at: self.published_at,
            updated_at: self.updated_at,
            modified_at: self.modified_at,
            image: self.featured.clone(),
        }
    }

    /// Readers see an article only once it is published and its time has come.
    pub fn is_public(&self, now: Timestamp) -> bool {
        self.status == Status::Published && self.published_at.is_some_and(|p| p <= now)
    }
}

/// What lists (home, sections, feeds) need of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub language: Language,
    pub title: String,
    pub slug: String,
    pub lead: String,
    pub section: Section,
    pub published_at: Option<Timestamp>,
    pub updated_at: Timestamp,
    pub modified_at: Timestamp,
    /// The featured image, for a thumbnail.
    pub image: Option<Media>,
}

impl ArticleSummary {
    /// Where the article sits in newest-first lists.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            published: self.published_at.unwrap_or(self.updated_at),
            id: self.id,
        }
    }

    pub fn path(&self) -> String {
        slug::article_path(self.language, self.id, &self.slug)
    }

    /// [`ArticleSummary::path`] percent-encoded, for `href`.
    pub fn href(&self) -> String {
        slug::article_href(self.language, self.id, &self.slug)
    }
}

/// A position in a newest-first list of published articles: keyset pagination,
/// so pages stay stable while new articles are published above them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub published: Timestamp,
    pub id: ArticleId,
}

impl Cursor {
    /// `1736337600.42`: publication second and id, for URLs.
    pub fn to_param(self) -> String {
        format!("{}.{}", self.published.as_second(), self.id.0)
    }

    pub fn parse(s: &str) -> Option<Cursor> {
        let (secs, id) = s.split_once('.')?;
        Some(Cursor {
            published: Timestamp::from_second(secs.parse().ok()?).ok()?,
            id: ArticleId(id.parse().ok()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inline::MarkKind;

    #[test]
    fn bodies_saved_before_marks_read_and_write_as_they_were() {
        let old = r#"[{"type":"paragraph","text":"أ"},{"type":"list","items":["ب"]},{"type":"quote","text":"ج"},{"type":"image","media":3,"caption":"د"}]"#;
        let body: Vec<Block> = serde_json::from_str(old).unwrap();
        assert_eq!(
            body,
            vec![
                Block::paragraph("أ"),
                Block::list(vec!["ب".into()]),
                Block::quote("ج"),
                Block::image(3, "د")
            ]
        );
        assert_eq!(serde_json::to_string(&body).unwrap(), old);
        // List marks are kept only when some item has one, one list per item.
        let list = Block::List {
            items: vec!["أ".into(), "ب ج".into()],
            marks: vec![vec![], vec![Mark::new(2, 9, MarkKind::Strong)]],
        }
        .normalized();
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            r#"{"type":"list","items":["أ","ب ج"],"marks":[[],[{"start":2,"end":3,"kind":"strong"}]]}"#
        );
        let unmarked = Block::List {
            items: vec!["أ".into()],
            marks: vec![vec![Mark::new(0, 0, MarkKind::Emphasis)]],
        };
        assert_eq!(unmarked.normalized(), Block::list(vec!["أ".into()]));
    }
}
