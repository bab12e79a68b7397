//! WordPress's model mapped to Nashir's: what a first pass over the file learns
//! (authors, categories, tags, attachments, the site's time zone) in a
//! [`Catalog`], then each post converted to an [`ImportItem`] whose images are
//! still to be found on disk ([`Post::images`]).
//!
//! - Posts become articles; categories sections (a nested category files its
//!   posts under its top-level parent, itself kept as a tag); tags tags; the
//!   post's author an author profile.
//! - Status: publish → published, future → scheduled, draft/pending/private →
//!   draft; trash, auto-draft and inherit are skipped.
//! - Dates from the GMT fields, or from the local ones in the site's offset
//!   (learned from items that have both) when WordPress left the GMT one empty.
//! - Comments: approved → approved, pending → pending, spam/trash/pingbacks
//!   skipped; replies at any depth join their thread's first comment.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::DateTime;
use jiff::{SignedDuration, Timestamp};
use nashir_app::records::{CommentStatus, ImportComment, ImportItem, ImportPage, PageWrite};
use nashir_core::{Block, NewArticle, Status};

use crate::html::{self, ImageRef, Piece};
use crate::wxr::{Entry, WxrAuthor, WxrItem, WxrTerm};

/// Headlines and leads are cut to what the newsroom's forms allow.
const MAX_TITLE_CHARS: usize = 300;
const MAX_LEAD_CHARS: usize = 1_000;

/// What the first pass learns, and the site the file comes from.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The site's host, in every import key (`wordpress:example.org:post:12`).
    pub site: String,
    pub authors: HashMap<String, WxrAuthor>,
    /// Categories by (decoded) nicename.
    pub categories: BTreeMap<String, WxrTerm>,
    /// Tags by (decoded) nicename.
    pub tags: BTreeMap<String, WxrTerm>,
    pub attachments: HashMap<i64, Attachment>,
    /// Local time minus UTC: the one most items with both dates have (a site
    /// in a zone with summer time has two; its time zone may have changed).
    pub offset: Option<SignedDuration>,
    /// How many items had each offset, in seconds.
    offsets: HashMap<i64, u64>,
}

#[derive(Clone, Debug, Default)]
pub struct Attachment {
    pub url: String,
    pub alt: String,
    pub caption: String,
}

impl Catalog {
    /// Learns what `entry` says about the site (call for every entry of the
    /// first pass, with the channel's link or base URL seen so far).
    pub fn learn(&mut self, entry: &Entry, site_url: &str) {
        if self.site.is_empty() {
            self.site = host(site_url).to_string();
        }
        match entry {
            Entry::Author(a) => {
                self.authors.insert(a.login.clone(), a.clone());
            }
            Entry::Category(c) => {
                self.categories.insert(decode(&c.nicename), c.clone());
            }
            Entry::Tag(t) => {
                self.tags.insert(decode(&t.nicename), t.clone());
            }
            Entry::Item(item) => {
                if let (Some(local), Some(utc)) =
                    (civil(&item.post_date), civil(&item.post_date_gmt))
                {
                    let offset = local.duration_since(utc).as_secs();
                    // More than a day apart is no time zone: a damaged date.
                    if offset.abs() <= 26 * 3600 {
                        *self.offsets.entry(offset).or_default() += 1;
                        self.offset = self
                            .offsets
                            .iter()
                            .max_by_key(|(secs, n)| (**n, -secs.abs()))
                            .map(|(secs, _)| SignedDuration::from_secs(*secs));
                    }
                }
                if item.post_type == "attachment"
                    && let Some(id) = item.post_id
                {
                    self.attachments.insert(
                        id,
                        Attachment {
                            url: item.attachment_url.clone(),
                            alt: item
                                .meta("_wp_attachment_image_alt")
                                .map(html::collapse)
                                .unwrap_or_default(),
                            caption: html::text_of(&item.excerpt),
                        },
                    );
                }
            }
            _ => {}
        }
    }

    /// The top-level category above `nicename` (itself when it has no parent).
    fn top_category<'a>(&'a self, nicename: &'a str) -> &'a str {
        let mut at = nicename;
        for _ in 0..32 {
            match self.categories.get(at) {
                Some(c) if !c.parent.is_empty() => at = self.resolve_parent(&c.parent),
                _ => break,
            }
        }
        at
    }

    fn resolve_parent<'a>(&'a self, parent: &'a str) -> &'a str {
        self.categories
            .get_key_value(&decode(parent))
            .map_or(parent, |(k, _)| k.as_str())
    }
}

/// How the import is told to map things.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Category nicename (decoded) → section slug, from `--section-map`.
    pub section_map: HashMap<String, String>,
    /// The section of posts with no category.
    pub default_section: String,
}

/// A section a category becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionPlan {
    pub slug: String,
    pub name: String,
    /// The category nicenames (decoded) filed under it.
    pub categories: Vec<String>,
}

/// The sections the top-level categories become, and warnings (a category
/// whose slug cannot be a section's and that the map does not name).
pub fn sections(catalog: &Catalog, options: &Options) -> (Vec<SectionPlan>, Vec<String>) {
    let mut plans: Vec<SectionPlan> = Vec::new();
    let mut warnings = Vec::new();
    for (nicename, term) in &catalog.categories {
        if !term.parent.is_empty() {
            continue;
        }
        let slug = match options.section_map.get(nicename) {
            Some(slug) => slug.clone(),
            None if is_section_slug(nicename) => nicename.clone(),
            None => {
                let slug = format!("category-{}", term.term_id);
                warnings.push(format!(
                    "category «{}» ({nicename}) has no Latin slug: section «{slug}» (name one in --section-map)",
                    term.name
                ));
                slug
            }
        };
        let name = if term.name.trim().is_empty() {
            nicename.clone()
        } else {
            html::text_of(&term.name)
        };
        match plans.iter_mut().find(|p| p.slug == slug) {
            Some(plan) => plan.categories.push(nicename.clone()),
            None => plans.push(SectionPlan {
                slug,
                name,
                categories: vec![nicename.clone()],
            }),
        }
    }
    (plans, warnings)
}

/// What a section's slug may be: the same rule as `nashir section`.
pub fn is_section_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 64
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A post, converted, its images still to be found.
#[derive(Clone, Debug)]
pub struct Post {
    pub wp_id: i64,
    /// The old address (its path), as the file gives it.
    pub link: String,
    pub item: ImportItem,
    /// The body, images still references.
    pub pieces: Vec<Piece>,
    /// The featured image, when the post has one.
    pub featured: Option<ImageRef>,
    pub shortcodes: usize,
    pub warnings: Vec<String>,
}

/// A page, converted, its images still to be found.
#[derive(Clone, Debug)]
pub struct PageItem {
    pub wp_id: i64,
    pub link: String,
    pub page: ImportPage,
    pub pieces: Vec<Piece>,
    pub warnings: Vec<String>,
}

/// What became of one item of the file.
#[derive(Clone, Debug)]
pub enum Converted {
    Post(Box<Post>),
    Page(Box<PageItem>),
    /// Not imported, by design: (post type, status) for the summary.
    Skipped {
        kind: String,
        status: String,
    },
}

/// Converts one item; an error names what is wrong with it.
pub fn convert_item(
    item: &WxrItem,
    catalog: &Catalog,
    sections: &[SectionPlan],
    options: &Options,
) -> Result<Converted, String> {
    let skipped = || {
        Ok(Converted::Skipped {
            kind: item.post_type.clone(),
            status: item.status.clone(),
        })
    };
    if item.post_type == "page" {
        return convert_page(item, catalog);
    }
    if item.post_type != "post" {
        return skipped();
    }
    let status = match item.status.as_str() {
        "publish" => Status::Published,
        "future" => Status::Scheduled,
        "draft" | "pending" | "private" => Status::Draft,
        "trash" | "auto-draft" | "inherit" => return skipped(),
        other => return Err(format!("unknown status «{other}»")),
    };
    let wp_id = item.post_id.ok_or("no wp:post_id")?;
    let mut warnings = Vec::new();
    // Nashir has no passwords for readers: what was behind one stays unpublished.
    let status = if item.password.is_empty() || status == Status::Draft {
        status
    } else {
        warnings.push("password-protected: imported as a draft".to_string());
        Status::Draft
    };
    let date = when(&item.post_date_gmt, &item.post_date, catalog.offset);
    let published_at = match status {
        Status::Published | Status::Scheduled => {
            Some(date.ok_or("a published post without a date")?)
        }
        _ => None,
    };
    let updated_at = when(&item.post_modified_gmt, "", None)
        .or(date)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .max(published_at.unwrap_or(Timestamp::UNIX_EPOCH));

    let converted = html::convert(&item.content);
    let mut pieces = converted.pieces;
    warnings.extend(
        converted
            .dropped
            .iter()
            .map(|tag| format!("<{tag}> dropped")),
    );
    let mut lead = html::text_of(&item.excerpt);
    if lead.is_empty()
        && let Some(at) = pieces.iter().position(|p| matches!(p, Piece::Paragraph(_)))
        && at == 0
        && let Piece::Paragraph(first) = pieces.remove(at)
    {
        lead = first.text;
    }
    let mut title = html::text_of(&item.title);
    if title.is_empty() {
        title = lead
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" ");
    }
    if title.is_empty() {
        return Err("no title and no text".into());
    }

    // Sections and tags.
    let mut section: Option<&str> = None;
    let mut tags: Vec<(String, String)> = Vec::new();
    let mut tag = |slug: String, name: &str| {
        let slug = tag_slug(&slug, name);
        if !slug.is_empty() && !tags.iter().any(|(s, _)| *s == slug) {
            tags.push((slug, html::text_of(name)));
        }
    };
    for term in &item.terms {
        let nicename = decode(&term.nicename);
        match term.domain.as_str() {
            "category" => {
                let top = catalog.top_category(&nicename);
                let plan = sections
                    .iter()
                    .find(|p| p.categories.iter().any(|c| c == top));
                if let (None, Some(plan)) = (section, plan) {
                    section = Some(&plan.slug);
                }
                if top != nicename || section.is_some_and(|s| plan.is_some_and(|p| p.slug != s)) {
                    tag(nicename, &term.name);
                }
            }
            "post_tag" => tag(nicename, &term.name),
            _ => {}
        }
    }
    let section = section.unwrap_or(&options.default_section).to_string();

    let authors = match catalog.authors.get(&item.creator) {
        Some(a) => vec![author(a)],
        None if !item.creator.is_empty() => vec![(
            nashir_core::slug::slugify(&item.creator),
            item.creator.clone(),
        )],
        None => Vec::new(),
    };
    let featured = item
        .meta("_thumbnail_id")
        .and_then(|id| id.trim().parse::<i64>().ok())
        .and_then(|id| {
            let found = catalog.attachments.get(&id);
            if found.is_none() {
                warnings.push(format!("featured image {id} is not in the file"));
            }
            found.map(|a| ImageRef {
                src: a.url.clone(),
                alt: a.alt.clone(),
                caption: a.caption.clone(),
                attachment: Some(id),
            })
        });
    // Body images take the attachment's alt text and caption where theirs are empty.
    for piece in &mut pieces {
        if let Piece::Image(image) = piece
            && let Some(a) = image.attachment.and_then(|id| catalog.attachments.get(&id))
        {
            if image.alt.is_empty() {
                image.alt = a.alt.clone();
            }
            if image.caption.is_empty() {
                image.caption = a.caption.clone();
            }
        }
    }

    let key = |kind: &str, id: i64| format!("wordpress:{}:{kind}:{id}", catalog.site);
    let mut redirects = vec![format!("/?p={wp_id}")];
    redirects.extend(local_address(&item.link));
    let redirects = redirects
        .iter()
        .filter_map(|from| nashir_app::redirects::normalize_from(from).ok())
        .collect();
    Ok(Converted::Post(Box::new(Post {
        wp_id,
        link: item.link.clone(),
        item: ImportItem {
            key: key("post", wp_id),
            article: NewArticle {
                language: nashir_core::language::Language::Arabic,
                section_slug: section,
                title: cut(&title, MAX_TITLE_CHARS),
                lead: cut(&lead, MAX_LEAD_CHARS),
                body: Vec::new(),
                source: None,
                status,
                published_at,
                updated_at,
                publishing: Default::default(),
            },
            sticky: item.is_sticky,
            comments_open: item.comment_status != "closed",
            authors,
            tags,
            featured: None,
            comments: comments(item, catalog, &key),
            redirects,
        },
        pieces,
        featured,
        shortcodes: converted.shortcodes,
        warnings,
    })))
}

/// A page becomes a static page: published when WordPress shows it, a draft
/// otherwise (WordPress's scheduled, private and password-protected pages too).
fn convert_page(item: &WxrItem, catalog: &Catalog) -> Result<Converted, String> {
    let published = match item.status.as_str() {
        "publish" => item.password.is_empty(),
        "future" | "draft" | "pending" | "private" => false,
        "trash" | "auto-draft" | "inherit" => {
            return Ok(Converted::Skipped {
                kind: item.post_type.clone(),
                status: item.status.clone(),
            });
        }
        other => return Err(format!("unknown status «{other}»")),
    };
    let wp_id = item.post_id.ok_or("no wp:post_id")?;
    let converted = html::convert(&item.content);
    let mut warnings: Vec<String> = converted
        .dropped
        .iter()
        .map(|tag| format!("<{tag}> dropped"))
        .collect();
    if !item.password.is_empty() {
        warnings.push("password-protected: imported as a draft".into());
    }
    if !item.comments.is_empty() {
        warnings.push(format!(
            "{} comments not imported: static pages take no comments",
            item.comments.len()
        ));
    }
    let title = html::text_of(&item.title);
    if title.is_empty() {
        return Err("a page without a title".into());
    }
    let mut slug = nashir_core::slug::slugify(&decode(&item.post_name));
    if slug.is_empty() {
        slug = nashir_core::slug::slugify(&title);
    }
    if slug.is_empty() {
        slug = format!("page-{wp_id}");
    }
    let mut redirects = vec![format!("/?page_id={wp_id}")];
    redirects.extend(local_address(&item.link));
    Ok(Converted::Page(Box::new(PageItem {
        wp_id,
        link: item.link.clone(),
        page: ImportPage {
            key: format!("wordpress:{}:page:{wp_id}", catalog.site),
            page: PageWrite {
                id: None,
                language: nashir_core::language::Language::Arabic,
                slug: cut(&slug, 80),
                title: cut(&title, 200),
                body: Vec::new(),
                published,
                footer_position: None,
            },
            redirects: redirects
                .iter()
                .filter_map(|from| nashir_app::redirects::normalize_from(from).ok())
                .collect(),
        },
        pieces: converted.pieces,
        warnings,
    })))
}

/// The body's blocks, each image replaced by the media id `media` found for it
/// (an image it found none for is left out).
pub fn blocks(pieces: &[Piece], media: impl Fn(&ImageRef) -> Option<i64>) -> Vec<Block> {
    pieces
        .iter()
        .filter_map(|p| {
            Some(match p {
                Piece::Paragraph(r) => Block::Paragraph {
                    text: r.text.clone(),
                    marks: r.marks.clone(),
                },
                Piece::Heading(text) => Block::heading(text.clone()),
                Piece::Quote(r) => Block::Quote {
                    text: r.text.clone(),
                    marks: r.marks.clone(),
                },
                Piece::List(items) => Block::List {
                    items: items.iter().map(|r| r.text.clone()).collect(),
                    marks: items.iter().map(|r| r.marks.clone()).collect(),
                }
                .normalized(),
                Piece::Image(image) => Block::image(media(image)?, image.caption.clone()),
                Piece::Embed(url) => Block::Embed { url: url.clone() },
            })
        })
        .collect()
}

/// The old addresses of the site's category, tag and author pages, each with
/// the new page: `/category/economy/` → `/ar/section/economy`, a child category
/// (`/category/economy/oil/`) and a tag → its tag, an author → their profile.
pub fn term_addresses(catalog: &Catalog, sections: &[SectionPlan]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for (nicename, term) in &catalog.categories {
        let mut path = vec![nicename.as_str()];
        let mut at = term;
        for _ in 0..32 {
            if at.parent.is_empty() {
                break;
            }
            let parent = catalog.resolve_parent(&at.parent);
            path.insert(0, parent);
            match catalog.categories.get(parent) {
                Some(p) => at = p,
                None => break,
            }
        }
        let to = if term.parent.is_empty() {
            match sections.iter().find(|p| p.categories.contains(nicename)) {
                Some(plan) => format!("/ar/section/{}", plan.slug),
                None => continue,
            }
        } else {
            format!("/ar/tag/{}", tag_slug(nicename, &term.name))
        };
        pairs.push((format!("/category/{}/", path.join("/")), to));
    }
    for (nicename, term) in &catalog.tags {
        let to = format!("/ar/tag/{}", tag_slug(nicename, &term.name));
        pairs.push((format!("/tag/{nicename}/"), to));
    }
    for a in catalog.authors.values() {
        pairs.push((
            format!("/author/{}/", a.login),
            format!("/ar/author/{}", author(a).0),
        ));
    }
    pairs
}

fn author(a: &WxrAuthor) -> (String, String) {
    let mut slug = nashir_core::slug::slugify(&a.login);
    if slug.is_empty() {
        slug = "author".into();
    }
    let full = format!("{} {}", a.first_name, a.last_name);
    let name = [a.display_name.as_str(), full.trim(), a.login.as_str()]
        .into_iter()
        .map(html::text_of)
        .find(|n| !n.is_empty())
        .unwrap_or_else(|| slug.clone());
    (slug, name)
}

/// The slug a WordPress tag (or child category) gets as a Nashir tag.
pub fn tag_slug(nicename: &str, name: &str) -> String {
    let slug = nashir_core::slug::slugify(nicename);
    if slug.is_empty() {
        nashir_core::slug::slugify(name)
    } else {
        slug
    }
}

fn comments(
    item: &WxrItem,
    catalog: &Catalog,
    key: &dyn Fn(&str, i64) -> String,
) -> Vec<ImportComment> {
    let parents: HashMap<i64, i64> = item.comments.iter().map(|c| (c.id, c.parent)).collect();
    // The first comment of the thread `id` is in (itself at the top).
    let thread = |mut id: i64| {
        for _ in 0..64 {
            match parents.get(&id) {
                Some(&p) if p != 0 && parents.contains_key(&p) => id = p,
                _ => break,
            }
        }
        id
    };
    let mut out: Vec<(bool, ImportComment)> = Vec::new();
    for c in &item.comments {
        let status = match c.approved.as_str() {
            "1" | "approve" | "approved" => CommentStatus::Approved,
            "0" | "hold" => CommentStatus::Pending,
            _ => continue,
        };
        if !(c.kind.is_empty() || c.kind == "comment") {
            continue;
        }
        let body = html::convert(&c.content)
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Paragraph(r) | Piece::Quote(r) => Some(r.text.clone()),
                Piece::Heading(t) => Some(t.clone()),
                Piece::List(items) => Some(
                    items
                        .iter()
                        .map(|r| r.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                Piece::Image(_) | Piece::Embed(_) => None,
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        let Some(created_at) = when(&c.date_gmt, &c.date, catalog.offset) else {
            continue;
        };
        if body.is_empty() {
            continue;
        }
        let top = thread(c.id);
        let reply = top != c.id;
        out.push((
            reply,
            ImportComment {
                key: key("comment", c.id),
                parent_key: reply.then(|| key("comment", top)),
                author_name: cut(
                    &Some(html::text_of(&c.author))
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| "مجهول".into()),
                    100,
                ),
                author_email: Some(c.author_email.trim().to_string()).filter(|e| !e.is_empty()),
                body,
                status,
                created_at,
            },
        ));
    }
    // Threads' first comments before their replies, each in time order.
    out.sort_by_key(|(reply, c)| (*reply, c.created_at));
    out.into_iter().map(|(_, c)| c).collect()
}

/// `2025-01-08 09:30:00` as WordPress writes dates; the zero date is none.
fn civil(text: &str) -> Option<DateTime> {
    let text = text.trim();
    if text.is_empty() || text.starts_with("0000-00-00") {
        return None;
    }
    text.replacen(' ', "T", 1).parse().ok()
}

/// The moment of a post or comment: its GMT date, else its local date in the
/// site's offset (UTC when unknown).
fn when(gmt: &str, local: &str, offset: Option<SignedDuration>) -> Option<Timestamp> {
    if let Some(utc) = civil(gmt) {
        return jiff::tz::Offset::UTC.to_timestamp(utc).ok();
    }
    let local = civil(local)?;
    let utc = local.checked_sub(offset.unwrap_or_default()).ok()?;
    jiff::tz::Offset::UTC.to_timestamp(utc).ok()
}

/// A link's path and query, the way readers' browsers will ask for it.
pub fn local_address(link: &str) -> Option<String> {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))?;
    let at = rest.find('/')?;
    let address = rest[at..].split('#').next().unwrap_or("");
    (address.len() > 1).then(|| address.to_string())
}

fn host(url: &str) -> &str {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    rest.split(['/', '?', '#']).next().unwrap_or("")
}

/// A percent-encoded slug as text (WordPress stores Arabic slugs encoded).
pub fn decode(slug: &str) -> String {
    percent_encoding::percent_decode_str(slug)
        .decode_utf8_lossy()
        .to_lowercase()
}

fn cut(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wxr::{ItemTerm, WxrComment};

    fn term(id: i64, nicename: &str, name: &str, parent: &str) -> WxrTerm {
        WxrTerm {
            term_id: id,
            nicename: nicename.into(),
            name: name.into(),
            parent: parent.into(),
            description: String::new(),
        }
    }

    fn catalog() -> Catalog {
        let mut c = Catalog::default();
        for t in [
            term(3, "economy", "اقتصاد", ""),
            term(4, "oil", "نفط", "economy"),
            term(5, "%d8%b1%d9%8a%d8%a7%d8%b6%d8%a9", "رياضة", ""),
        ] {
            c.learn(&Entry::Category(t), "https://example.org/");
        }
        c.learn(
            &Entry::Author(WxrAuthor {
                login: "salma".into(),
                display_name: "سلمى".into(),
                ..WxrAuthor::default()
            }),
            "",
        );
        c
    }

    fn post() -> WxrItem {
        WxrItem {
            index: 1,
            title: "أسعار &amp; النفط".into(),
            link: "https://example.org/2025/01/08/%d8%a3%d8%b3%d8%b9%d8%a7%d8%b1/".into(),
            creator: "salma".into(),
            content: "<p>ارتفعت الأسعار.</p><h2>الأسباب:</h2><p>نص.</p>".into(),
            post_id: Some(12),
            post_date: "2025-01-08 12:30:00".into(),
            post_date_gmt: "2025-01-08 09:30:00".into(),
            status: "publish".into(),
            post_type: "post".into(),
            terms: vec![
                ItemTerm {
                    domain: "category".into(),
                    nicename: "oil".into(),
                    name: "نفط".into(),
                },
                ItemTerm {
                    domain: "post_tag".into(),
                    nicename: "%d8%a3%d9%88%d8%a8%d9%83".into(),
                    name: "أوبك".into(),
                },
            ],
            ..WxrItem::default()
        }
    }

    fn convert(item: &WxrItem, c: &Catalog) -> Post {
        let options = Options {
            default_section: "news".into(),
            ..Options::default()
        };
        let (plans, _) = sections(c, &options);
        match convert_item(item, c, &plans, &options).unwrap() {
            Converted::Post(p) => *p,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_post_becomes_an_article_in_its_top_category() {
        let mut c = catalog();
        c.learn(&Entry::Item(Box::new(post())), "");
        assert_eq!(c.offset, Some(SignedDuration::from_hours(3)));
        let p = convert(&post(), &c);
        let a = &p.item.article;
        assert_eq!(a.title, "أسعار & النفط");
        assert_eq!(a.lead, "ارتفعت الأسعار.");
        assert_eq!(a.section_slug, "economy");
        assert_eq!(a.status, Status::Published);
        assert_eq!(a.published_at.unwrap().to_string(), "2025-01-08T09:30:00Z");
        assert_eq!(p.item.key, "wordpress:example.org:post:12");
        // The child category is kept as a tag, with the post's tags.
        let tags: Vec<&str> = p.item.tags.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(tags, ["oil", "أوبك"]);
        assert_eq!(p.item.authors, vec![("salma".into(), "سلمى".into())]);
        assert_eq!(
            p.item.redirects,
            vec!["/?p=12".to_string(), "/2025/01/08/أسعار".to_string()]
        );
        assert_eq!(
            blocks(&p.pieces, |_| None),
            vec![Block::heading("الأسباب:"), Block::paragraph("نص.")]
        );
    }

    #[test]
    fn statuses_dates_and_what_is_skipped() {
        let c = catalog();
        let mut draft = post();
        draft.status = "draft".into();
        draft.post_date_gmt = "0000-00-00 00:00:00".into();
        let p = convert(&draft, &c);
        assert_eq!(p.item.article.status, Status::Draft);
        assert_eq!(p.item.article.published_at, None);
        let mut future = post();
        future.status = "future".into();
        assert_eq!(convert(&future, &c).item.article.status, Status::Scheduled);
        for (kind, status) in [
            ("post", "trash"),
            ("post", "auto-draft"),
            ("attachment", "inherit"),
            ("nav_menu_item", "publish"),
        ] {
            let mut item = post();
            item.post_type = kind.into();
            item.status = status.into();
            let options = Options::default();
            assert!(matches!(
                convert_item(&item, &c, &[], &options),
                Ok(Converted::Skipped { .. })
            ));
        }
        let mut protected = post();
        protected.password = "enter".into();
        let p = convert(&protected, &c);
        assert_eq!(p.item.article.status, Status::Draft);
        assert_eq!(p.item.article.published_at, None);
        assert_eq!(p.warnings, ["password-protected: imported as a draft"]);
        let mut bad = post();
        bad.status = "weird".into();
        assert!(convert_item(&bad, &c, &[], &Options::default()).is_err());
        let mut undated = post();
        undated.post_date_gmt.clear();
        undated.post_date.clear();
        assert!(convert_item(&undated, &c, &[], &Options::default()).is_err());
        // The local date in the learned offset when the GMT one is empty.
        let mut learned = catalog();
        learned.offset = Some(SignedDuration::from_hours(3));
        let mut local = post();
        local.post_date_gmt = "0000-00-00 00:00:00".into();
        assert_eq!(
            convert(&local, &learned)
                .item
                .article
                .published_at
                .unwrap()
                .to_string(),
            "2025-01-08T09:30:00Z"
        );
    }

    #[test]
    fn old_term_pages_point_at_sections_tags_and_authors() {
        let mut c = catalog();
        c.learn(&Entry::Tag(term(9, "opec", "أوبك", "")), "");
        let (plans, _) = sections(&c, &Options::default());
        let mut pairs = term_addresses(&c, &plans);
        pairs.sort();
        let expected = [
            ("/author/salma/", "/ar/author/salma"),
            ("/category/economy/", "/ar/section/economy"),
            ("/category/economy/oil/", "/ar/tag/oil"),
            ("/category/رياضة/", "/ar/section/category-5"),
            ("/tag/opec/", "/ar/tag/opec"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(pairs, expected);
    }

    #[test]
    fn pages_become_static_pages() {
        let c = catalog();
        let mut item = post();
        item.post_type = "page".into();
        item.post_id = Some(7);
        item.post_name = "%d9%85%d9%86-%d9%86%d8%ad%d9%86".into();
        item.link = "https://example.org/%d9%85%d9%86-%d9%86%d8%ad%d9%86/".into();
        let Ok(Converted::Page(p)) = convert_item(&item, &c, &[], &Options::default()) else {
            panic!("a page")
        };
        assert_eq!(p.page.key, "wordpress:example.org:page:7");
        assert_eq!(p.page.page.slug, "من-نحن");
        assert!(p.page.page.published);
        assert_eq!(p.page.redirects, ["/?page_id=7", "/من-نحن"]);
        item.status = "private".into();
        let Ok(Converted::Page(p)) = convert_item(&item, &c, &[], &Options::default()) else {
            panic!("a page")
        };
        assert!(!p.page.page.published);
    }

    #[test]
    fn sections_need_latin_slugs_or_a_map() {
        let c = catalog();
        let (plans, warnings) = sections(&c, &Options::default());
        let slugs: Vec<&str> = plans.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["economy", "category-5"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let mut map = HashMap::new();
        map.insert("رياضة".to_string(), "sports".to_string());
        let options = Options {
            section_map: map,
            ..Options::default()
        };
        let (plans, warnings) = sections(&c, &options);
        assert_eq!(plans[1].slug, "sports");
        assert_eq!(plans[1].name, "رياضة");
        assert!(warnings.is_empty());
    }

    #[test]
    fn comments_keep_threads_one_level_deep() {
        let c = catalog();
        let mut item = post();
        let comment = |id, parent, approved: &str, date: &str| WxrComment {
            id,
            parent,
            author: "قارئ".into(),
            author_email: "r@example.org".into(),
            content: format!("تعليق {id}"),
            approved: approved.into(),
            date_gmt: date.into(),
            ..WxrComment::default()
        };
        item.comments = vec![
            comment(3, 2, "1", "2025-01-08 12:00:00"),
            comment(2, 1, "1", "2025-01-08 11:00:00"),
            comment(1, 0, "1", "2025-01-08 10:00:00"),
            comment(4, 0, "0", "2025-01-08 13:00:00"),
            comment(5, 0, "spam", "2025-01-08 13:00:00"),
            comment(6, 0, "trash", "2025-01-08 13:00:00"),
        ];
        let got = convert(&item, &c).item.comments;
        let keys: Vec<(&str, Option<&str>, CommentStatus)> = got
            .iter()
            .map(|c| (c.key.as_str(), c.parent_key.as_deref(), c.status))
            .collect();
        let k1 = "wordpress:example.org:comment:1";
        assert_eq!(
            keys,
            vec![
                (k1, None, CommentStatus::Approved),
                (
                    "wordpress:example.org:comment:4",
                    None,
                    CommentStatus::Pending
                ),
                (
                    "wordpress:example.org:comment:2",
                    Some(k1),
                    CommentStatus::Approved
                ),
                (
                    "wordpress:example.org:comment:3",
                    Some(k1),
                    CommentStatus::Approved
                ),
            ]
        );
        assert_eq!(got[0].author_email.as_deref(), Some("r@example.org"));
    }
}
