//! List pages: latest, sections, tags, authors, the date archive, most read.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use jiff::civil::Date;
use nashir_app::freshness::{self, Dep};
use nashir_app::reader::{LIST_PAGE_SIZE, ListKind, Window};
use nashir_app::taxonomy::AuthorProfile;
use nashir_app::{App, ListFilter, Page};
use nashir_core::Cursor;
use nashir_core::slug::percent_encode_segment;
use nashir_i18n::Language;
use nashir_i18n::Speaks as _;

use crate::cache::Shows;
use crate::edition::{self, Edition};
use crate::errors::WebError;
use crate::pages::{PageResult, html, origin, with_last_modified};
use crate::views::{Chrome, ListPageView, Teaser, author_href, section_href};

/// `?before=` or `?after=`: which page. Anything unreadable is the first page.
fn page_param(query: Result<Query<Vec<(String, String)>>, QueryRejection>) -> Page {
    page_of(&query.map(|Query(p)| p).unwrap_or_default())
}

fn page_of(pairs: &[(String, String)]) -> Page {
    for (key, value) in pairs {
        match (key.as_str(), Cursor::parse(value)) {
            ("before", Some(c)) => return Page::Before(c),
            ("after", Some(c)) => return Page::After(c),
            _ => {}
        }
    }
    Page::First
}

/// `?window=week` on the most-read page.
fn is_week(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, v)| k == "window" && v == "week")
}

/// What of a query the page at `path` reads, written one way: the cache keys pages
/// on it, so no junk, misspelt or unread parameter makes a new entry.
pub fn read_params(path: &str, pairs: &[(String, String)]) -> String {
    if path.starts_with("/api/") {
        return crate::api::read_params(path, pairs);
    }
    let in_edition = edition::tail(path);
    let list = ["/section/", "/tag/", "/author/", "/archive/"]
        .iter()
        .any(|p| in_edition.starts_with(p))
        && !path.ends_with(".rss")
        && !path.ends_with(".atom");
    if in_edition == "/corrections" {
        return crate::corrections::before(pairs)
            .map_or_else(String::new, |id| format!("before={id}"));
    }
    if crate::live::is_article_path(path) {
        // A live blog's page of older entries.
        return crate::live::before_param(pairs)
            .map_or_else(String::new, |id| format!("before={id}"));
    }
    if in_edition == "/most-read" {
        return if is_week(pairs) { "window=week" } else { "" }.to_string();
    }
    if !(list || in_edition == "/latest") {
        return String::new();
    }
    match page_of(pairs) {
        Page::First => String::new(),
        Page::Before(c) => format!("before={}", c.to_param()),
        Page::After(c) => format!("after={}", c.to_param()),
    }
}

struct ListSpec {
    heading: String,
    about: Option<String>,
    photo: Option<nashir_core::Media>,
    base: String,
    feed: Option<String>,
    /// A section's front: its placed stories lead the first page.
    front: Option<i64>,
}

async fn render_list(
    app: &App,
    language: Language,
    headers: &HeaderMap,
    spec: ListSpec,
    filter: &ListFilter,
    page: Page,
) -> PageResult {
    let list = match spec.front {
        Some(section) => {
            app.section_list(section, language, page, LIST_PAGE_SIZE)
                .await?
        }
        None => app.list_page(filter, page, LIST_PAGE_SIZE).await?,
    };
    // An empty page past the end of a list is not a page.
    if list.items.is_empty() && page != Page::First {
        return Err(WebError::NotFound);
    }
    let mut chrome = Chrome::new(&app.site, language, Some(&spec.heading))
        .with_site(app)
        .await?;
    let this_page = match page {
        Page::First => spec.base.clone(),
        Page::Before(c) => format!("{}?before={}", spec.base, c.to_param()),
        Page::After(c) => format!("{}?after={}", spec.base, c.to_param()),
    };
    chrome.canonical = Some(format!("{}{this_page}", origin(app, headers)));
    chrome.description = Some(
        spec.about
            .clone()
            .filter(|about| !about.trim().is_empty())
            .unwrap_or_else(|| format!("{} — {}", spec.heading, app.site.name_in(language))),
    );
    if let Some(feed) = &spec.feed {
        chrome.feeds.push(crate::views::FeedLink {
            kind: "application/rss+xml",
            title: format!("{} — {}", app.site.name_in(language), spec.heading),
            href: feed.clone(),
        });
    }
    let view = ListPageView {
        chrome,
        heading: spec.heading,
        about: spec.about,
        photo: spec.photo,
        tabs: Vec::new(),
        feed_href: spec.feed,
        items: Teaser::list(&app.site, &list.items),
        newer_href: list
            .newer
            .map(|c| format!("{}?after={}", spec.base, c.to_param())),
        older_href: list
            .older
            .map(|c| format!("{}?before={}", spec.base, c.to_param())),
    };
    let modified = list.items.iter().map(|s| s.modified_at).max();
    let mut response = with_last_modified(html(&view)?, modified);
    // Its scope (new articles join from there) and the articles it shows.
    let mut shows = freshness::list_deps(filter, &app.site.time_zone);
    shows.extend(list.items.iter().map(|s| Dep::Article(s.id)));
    response.extensions_mut().insert(Shows(shows));
    Ok(response)
}

pub async fn latest(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let spec = ListSpec {
        heading: language.texts().get("latest-title").into_owned(),
        about: None,
        photo: None,
        base: edition::at(language, "/latest"),
        feed: None,
        front: None,
    };
    render_list(
        &app,
        language,
        &headers,
        spec,
        &ListFilter::of(language),
        page_param(query),
    )
    .await
}

pub async fn section(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    Path(slug): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let section = app
        .section_in(language, &slug)
        .await?
        .ok_or(WebError::NotFound)?;
    let base = section_href(language, &section.slug);
    let spec = ListSpec {
        heading: section.name.clone(),
        about: None,
        photo: None,
        feed: Some(format!("{base}/feed.rss")),
        base,
        front: Some(section.id),
    };
    let kind = ListKind::Section(section);
    render_list(
        &app,
        language,
        &headers,
        spec,
        &kind.filter(language),
        page_param(query),
    )
    .await
}

pub async fn tag(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    Path(slug): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let tag = app.tag(&slug).await?.ok_or(WebError::NotFound)?;
    let spec = ListSpec {
        heading: language.texts().arg("list-tag", "name", &tag.name),
        about: None,
        photo: None,
        base: edition::at(
            language,
            &format!("/tag/{}", percent_encode_segment(&tag.slug)),
        ),
        feed: None,
        front: None,
    };
    render_list(
        &app,
        language,
        &headers,
        spec,
        &ListKind::Tag(tag).filter(language),
        page_param(query),
    )
    .await
}

pub async fn author(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    Path(slug): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let AuthorProfile { author, photo } =
        app.author_profile(&slug).await?.ok_or(WebError::NotFound)?;
    let spec = ListSpec {
        heading: author.name.clone(),
        about: (!author.bio.trim().is_empty()).then(|| author.bio.clone()),
        photo,
        base: author_href(language, &author.slug),
        feed: None,
        front: None,
    };
    render_list(
        &app,
        language,
        &headers,
        spec,
        &ListKind::Author(author).filter(language),
        page_param(query),
    )
    .await
}

/// `/ar/archive/2025/01` (a month) and `/ar/archive/2025/01/08` (a day), in the
/// site's zone.
pub async fn archive(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    Path(parts): Path<Vec<(String, String)>>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let num = |key: &str| {
        parts
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.parse::<i16>().ok())
    };
    let (Some(year), Some(month)) = (num("year"), num("month")) else {
        return Err(WebError::NotFound);
    };
    let day = num("day");
    let month = i8::try_from(month).map_err(|_| WebError::NotFound)?;
    let (first, next) = match day {
        Some(d) => {
            let d = i8::try_from(d).map_err(|_| WebError::NotFound)?;
            let date = Date::new(year, month, d).map_err(|_| WebError::NotFound)?;
            (date, date.tomorrow().map_err(|_| WebError::NotFound)?)
        }
        None => {
            let date = Date::new(year, month, 1).map_err(|_| WebError::NotFound)?;
            (
                date,
                date.checked_add(jiff::Span::new().months(1))
                    .map_err(|_| WebError::NotFound)?,
            )
        }
    };
    let at = |d: Date| {
        d.to_zoned_datetime(app.site.time_zone.clone())
            .map(|z| z.timestamp())
            .map_err(|_| WebError::NotFound)
    };
    let t = language.texts();
    let heading = match day {
        Some(_) => t.arg("list-archive-day", "date", app.site.day_in(language, first)),
        None => t.arg2(
            "list-archive-month",
            "month",
            app.site.month_name_in(language, first.month()),
            "year",
            first.year(),
        ),
    };
    let base = match day {
        Some(d) => edition::at(language, &format!("/archive/{year:04}/{month:02}/{d:02}")),
        None => edition::at(language, &format!("/archive/{year:04}/{month:02}")),
    };
    let kind = ListKind::Archive {
        from: at(first)?,
        until: at(next)?,
    };
    let spec = ListSpec {
        heading,
        about: None,
        photo: None,
        base,
        feed: None,
        front: None,
    };
    render_list(
        &app,
        language,
        &headers,
        spec,
        &kind.filter(language),
        page_param(query),
    )
    .await
}

pub async fn most_read(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let week = query.is_ok_and(|Query(p)| is_week(&p));
    let window = if week { Window::Week } else { Window::Day };
    let items = app.most_read(language, window, LIST_PAGE_SIZE).await?;
    let t = language.texts();
    let heading = t.get("most-read-title");
    let mut chrome = Chrome::new(&app.site, language, Some(&heading))
        .with_site(&app)
        .await?;
    let today = edition::at(language, "/most-read");
    let this_week = format!("{today}?window=week");
    let (path, about) = if week {
        (&this_week, "most-read-about-week")
    } else {
        (&today, "most-read-about-today")
    };
    chrome.canonical = Some(format!("{}{path}", origin(&app, &headers)));
    chrome.description = Some(t.arg(about, "site", app.site.name_in(language)));
    let view = ListPageView {
        chrome,
        heading: heading.into_owned(),
        about: None,
        photo: None,
        tabs: vec![
            (t.get("most-read-today").into_owned(), today.clone(), !week),
            (
                t.get("most-read-week").into_owned(),
                this_week.clone(),
                week,
            ),
        ],
        feed_href: None,
        items: Teaser::list(&app.site, &items),
        newer_href: None,
        older_href: None,
    };
    let mut response = html(&view)?;
    response
        .extensions_mut()
        .insert(Shows(vec![Dep::AnyArticle, Dep::Views]));
    Ok(response)
}
