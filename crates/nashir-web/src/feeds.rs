//! RSS 2.0 and Atom feeds (site-wide and per section), sitemaps, robots.txt.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use jiff::{Timestamp, ToSpan};
use nashir_app::reader::FEED_SIZE;
use nashir_app::{App, ListFilter, SiteSettings};
use nashir_core::Article;
use nashir_i18n::Speaks as _;
use nashir_i18n::{Language, Texts};

use crate::edition::{self, Edition};
use crate::errors::WebError;
use crate::pages::{PageResult, origin, with_last_modified};
use crate::views::{BodyHtml, corrections, section_href};

/// Articles per sitemap file (the protocol allows 50,000).
pub const SITEMAP_PAGE: u32 = 10_000;
/// Google News sitemaps list the last two days, at most 1,000 articles.
const NEWS_WINDOW_HOURS: i64 = 48;
const NEWS_MAX: u32 = 1000;

fn rfc822(t: Timestamp) -> String {
    t.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string()
}

pub struct Entry {
    pub id: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub html: String,
    pub section: String,
    /// Bylines, or the site's name for an article without one.
    pub authors: Vec<String>,
    /// The featured image at its largest stored width: (URL, MIME type, width, height).
    pub image: Option<(String, &'static str, u32, u32)>,
    pub published_rfc822: String,
    pub published_rfc3339: String,
    pub updated_rfc3339: String,
}

pub struct Feed {
    /// The language code (`ar`).
    pub lang: &'static str,
    pub title: String,
    pub description: String,
    pub site_name: String,
    pub home: String,
    pub self_url: String,
    pub updated_rfc822: String,
    pub updated_rfc3339: String,
    pub entries: Vec<Entry>,
}

#[derive(Template)]
#[template(path = "rss.xml")]
struct Rss {
    feed: Feed,
}

#[derive(Template)]
#[template(path = "atom.xml")]
struct Atom {
    feed: Feed,
}

fn entry(
    site: &SiteSettings,
    t: &'static Texts,
    origin: &str,
    a: &Article,
) -> Result<Entry, WebError> {
    let published = a.published_at.unwrap_or(a.updated_at);
    Ok(Entry {
        // The id-only URL never changes with the headline and redirects to the article.
        id: format!("{origin}/{}/news/{}", a.language, a.id),
        url: format!("{origin}{}", a.href()),
        title: a.title.clone(),
        summary: a.lead.clone(),
        html: format!(
            "<p><strong>{}</strong></p>{}",
            askama::filters::escape(&a.lead, askama::filters::Html)
                .map(|e| e.to_string())
                .unwrap_or_default(),
            BodyHtml {
                t,
                blocks: &a.body,
                images: &a.images,
                corrections: corrections(site, a),
            }
            .render()?
        ),
        section: a.section.name.clone(),
        authors: match a.authors.as_slice() {
            [] => vec![site.name_in(a.language).to_string()],
            bylines => bylines.iter().map(|w| w.name.clone()).collect(),
        },
        image: a.featured.as_ref().map(|m| {
            let width = m.widths.last().copied().unwrap_or(m.width);
            let height =
                (u64::from(m.height) * u64::from(width) / u64::from(m.width.max(1))) as u32;
            let kind = match m.ext.as_str() {
                "png" => "image/png",
                "webp" => "image/webp",
                _ => "image/jpeg",
            };
            (format!("{origin}{}", m.url(width)), kind, width, height)
        }),
        published_rfc822: rfc822(published),
        published_rfc3339: published.to_string(),
        updated_rfc3339: a.updated_at.to_string(),
    })
}

fn xml(body: String, content_type: &'static str, modified: Option<Timestamp>) -> Response {
    let response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        body,
    )
        .into_response();
    with_last_modified(response, modified)
}

#[derive(Clone, Copy)]
enum Format {
    Rss,
    Atom,
}

async fn feed(
    app: &App,
    language: Language,
    headers: &HeaderMap,
    section: Option<&str>,
    format: Format,
) -> PageResult {
    let origin = origin(app, headers);
    let t = language.texts();
    let name = app.site.name_in(language);
    let front = app.site.front_path(language);
    let (filter, title, home) = match section {
        None => (
            ListFilter::of(language),
            name.to_string(),
            format!("{origin}{front}"),
        ),
        Some(slug) => {
            let s = app
                .section_in(language, slug)
                .await?
                .ok_or(WebError::NotFound)?;
            let home = format!("{origin}{}", section_href(language, &s.slug));
            (
                ListFilter {
                    section: Some(s.id),
                    ..ListFilter::of(language)
                },
                format!("{name} — {}", s.name),
                home,
            )
        }
    };
    let articles = app.recent_articles(&filter, FEED_SIZE).await?;
    let updated = articles
        .iter()
        .map(|a| a.updated_at)
        .max()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let modified = articles.iter().map(|a| a.modified_at).max();
    let ext = match format {
        Format::Rss => "rss",
        Format::Atom => "atom",
    };
    let self_path = match section {
        None => format!("{front}feed.{ext}"),
        Some(slug) => format!("{}/feed.{ext}", section_href(language, slug)),
    };
    let feed = Feed {
        lang: language.code(),
        description: t.arg("feed-description", "site", name),
        title,
        site_name: name.to_string(),
        home,
        self_url: format!("{origin}{self_path}"),
        updated_rfc822: rfc822(updated),
        updated_rfc3339: updated.to_string(),
        entries: articles
            .iter()
            .map(|a| entry(&app.site, t, &origin, a))
            .collect::<Result<_, _>>()?,
    };
    Ok(match format {
        Format::Rss => xml(
            Rss { feed }.render()?,
            "application/rss+xml; charset=utf-8",
            modified,
        ),
        Format::Atom => xml(
            Atom { feed }.render()?,
            "application/atom+xml; charset=utf-8",
            modified,
        ),
    })
}

pub async fn site_rss(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
) -> PageResult {
    feed(&app, language, &headers, None, Format::Rss).await
}

pub async fn site_atom(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
) -> PageResult {
    feed(&app, language, &headers, None, Format::Atom).await
}

pub async fn section_rss(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> PageResult {
    feed(&app, language, &headers, Some(&slug), Format::Rss).await
}

pub async fn section_atom(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> PageResult {
    feed(&app, language, &headers, Some(&slug), Format::Atom).await
}

#[derive(Template)]
#[template(path = "sitemap_index.xml")]
struct SitemapIndex {
    maps: Vec<(String, Option<String>)>,
}

/// A sitemap's address: where, last modified, and its translations
/// (`hreflang`, address).
type SitemapUrl = (String, Option<String>, Vec<(String, String)>);

#[derive(Template)]
#[template(path = "urlset.xml")]
struct UrlSet {
    urls: Vec<SitemapUrl>,
    /// Whether any has translations (the `xhtml` namespace).
    translated: bool,
}

impl UrlSet {
    fn new(urls: Vec<SitemapUrl>) -> UrlSet {
        let translated = urls.iter().any(|(_, _, alternates)| !alternates.is_empty());
        UrlSet { urls, translated }
    }
}

pub struct NewsItem {
    pub url: String,
    pub title: String,
    pub published: String,
}

#[derive(Template)]
#[template(path = "news_sitemap.xml")]
struct NewsSitemap {
    /// The language code (`ar`).
    lang: &'static str,
    site_name: String,
    items: Vec<NewsItem>,
}

const XML: &str = "application/xml; charset=utf-8";

pub async fn sitemap_index(State(app): State<App>, headers: HeaderMap) -> PageResult {
    let origin = origin(&app, &headers);
    let count = app.published_count().await?;
    let pages = count.div_ceil(u64::from(SITEMAP_PAGE)).max(1);
    let mut maps = vec![(format!("{origin}/sitemaps/pages.xml"), None)];
    for edition in &app.site.editions {
        if !recent_news(&app, edition.language, 1).await?.is_empty() {
            let path = news_sitemap_path(&app.site, edition.language);
            maps.push((format!("{origin}{path}"), None));
        }
    }
    maps.extend((1..=pages).map(|n| (format!("{origin}/sitemaps/articles-{n}.xml"), None)));
    Ok(xml(SitemapIndex { maps }.render()?, XML, None))
}

pub async fn sitemap_pages(State(app): State<App>, headers: HeaderMap) -> PageResult {
    let origin = origin(&app, &headers);
    let mut urls = Vec::new();
    for edition in &app.site.editions {
        let language = edition.language;
        urls.push(format!("{origin}{}", app.site.front_path(language)));
        for page in ["/latest", "/most-read"] {
            urls.push(format!("{origin}{}", edition::at(language, page)));
        }
        for s in app.sections_in(language).await? {
            urls.push(format!("{origin}{}", section_href(language, &s.slug)));
        }
    }
    let mut urls: Vec<_> = urls.into_iter().map(|u| (u, None, Vec::new())).collect();
    for p in app.published_static_pages().await? {
        let href = nashir_app::records::static_page_href(p.language, &p.slug);
        let updated = Some(p.updated_at.to_string());
        urls.push((format!("{origin}{href}"), updated, Vec::new()));
    }
    Ok(xml(UrlSet::new(urls).render()?, XML, None))
}

/// `/sitemaps/articles-{n}.xml`, n from 1.
pub async fn sitemap_articles(
    State(app): State<App>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> PageResult {
    let n: u64 = file
        .strip_prefix("articles-")
        .and_then(|f| f.strip_suffix(".xml"))
        .and_then(|n| n.parse().ok())
        .filter(|&n| n >= 1)
        .ok_or(WebError::NotFound)?;
    let origin = origin(&app, &headers);
    let rows = app
        .published_urls((n - 1) * u64::from(SITEMAP_PAGE), SITEMAP_PAGE)
        .await?;
    if rows.is_empty() && n > 1 {
        return Err(WebError::NotFound);
    }
    // No Last-Modified: a correction changes a URL (its slug) without changing
    // any lastmod here. The ETag follows the bytes.
    // Each translated article lists its group, itself included (as its page
    // does with `hreflang`).
    let mut groups: Vec<i64> = rows.iter().filter_map(|u| u.translation_group).collect();
    groups.sort_unstable();
    groups.dedup();
    let members = app.group_urls(&groups).await?;
    let urls = rows
        .into_iter()
        .filter(|u| app.site.publishes(u.language))
        .map(|u| {
            let alternates = match u.translation_group {
                Some(group) => members
                    .iter()
                    .filter(|m| m.translation_group == Some(group))
                    .filter(|m| app.site.publishes(m.language))
                    .map(|m| {
                        (
                            m.language.code().to_string(),
                            format!("{origin}{}", m.href()),
                        )
                    })
                    .collect(),
                None => Vec::new(),
            };
            // Alone in its group (the others unpublished): no alternates.
            let alternates = if alternates.len() > 1 {
                alternates
            } else {
                Vec::new()
            };
            let updated = Some(u.updated_at.to_string());
            (format!("{origin}{}", u.href()), updated, alternates)
        })
        .collect();
    Ok(xml(UrlSet::new(urls).render()?, XML, None))
}

/// Where an edition's news sitemap is: `/sitemaps/news.xml` for the default
/// edition, `/sitemaps/news-en.xml` for another.
pub fn news_sitemap_path(site: &SiteSettings, language: Language) -> String {
    if language == site.default_edition() {
        "/sitemaps/news.xml".into()
    } else {
        format!("/sitemaps/news-{language}.xml")
    }
}

/// What an edition's news sitemap lists: its articles published in the last
/// two days, at most `limit`.
async fn recent_news(
    app: &App,
    language: Language,
    limit: u32,
) -> Result<Vec<nashir_core::ArticleSummary>, WebError> {
    let since = app
        .clock
        .now()
        .checked_sub(NEWS_WINDOW_HOURS.hours())
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let filter = ListFilter {
        from: Some(since),
        ..ListFilter::of(language)
    };
    Ok(app.recent_summaries(&filter, limit).await?)
}

/// 404 while there is no news: a `<urlset>` must hold at least one `<url>`.
pub async fn sitemap_news(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
) -> PageResult {
    let origin = origin(&app, &headers);
    let list = recent_news(&app, language, NEWS_MAX).await?;
    if list.is_empty() {
        return Err(WebError::NotFound);
    }
    let items = list
        .iter()
        .map(|s| NewsItem {
            url: format!("{origin}{}", s.href()),
            title: s.title.clone(),
            published: s.published_at.unwrap_or(s.updated_at).to_string(),
        })
        .collect();
    let body = NewsSitemap {
        lang: language.code(),
        site_name: app.site.name_in(language).to_string(),
        items,
    }
    .render()?;
    Ok(xml(body, XML, None))
}

pub async fn robots(State(app): State<App>, headers: HeaderMap) -> Response {
    let origin = origin(&app, &headers);
    // The news sitemaps are listed in the index when there is news.
    let mut body = String::from("User-agent: *\nDisallow: /admin\n");
    for edition in &app.site.editions {
        let front = app.site.front_path(edition.language);
        body.push_str(&format!("Disallow: {front}search\n"));
    }
    body.push_str(&format!("\nSitemap: {origin}/sitemap.xml\n"));
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}
