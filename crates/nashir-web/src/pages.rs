//! Public page handlers.

use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use nashir_app::freshness::Dep;
use nashir_app::{App, ArticlePage as Resolved};
use nashir_core::{Article, ArticleId};
use nashir_i18n::Language;

use crate::cache::Shows;
use crate::edition::Edition;
use crate::errors::WebError;
use crate::views::{ArticlePage, Chrome, CommentView, HomePage, SectionBlock, Teaser};

pub type PageResult = Result<Response, WebError>;

pub fn html(page: &impl Template) -> PageResult {
    Ok(Html(page.render()?).into_response())
}

pub fn moved_permanently(location: &str) -> PageResult {
    let location = HeaderValue::from_str(location)
        .map_err(|e| WebError::Internal(format!("redirect target: {e}")))?;
    Ok((
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, location)],
    )
        .into_response())
}

/// The public origin for absolute links: the configured base URL, else the request's host.
pub fn origin(app: &App, headers: &HeaderMap) -> String {
    if let Some(base) = &app.site.base_url {
        return base.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

pub async fn home(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
) -> PageResult {
    let front = app.front_page(language).await?;
    let site = &app.site;
    let mut chrome = Chrome::new(site, language, None).with_site(&app).await?;
    let origin = origin(&app, &headers);
    let home = format!("{origin}{}", chrome.home);
    let (name, description) = (site.name_in(language), site.description_in(language));
    chrome.canonical = Some(home.clone());
    chrome.description = Some(description.into());
    chrome.meta = vec![
        ("og:type".into(), "website".into()),
        ("og:title".into(), name.into()),
        ("og:description".into(), description.into()),
        ("og:url".into(), home.clone()),
        ("og:site_name".into(), name.into()),
        ("og:locale".into(), language.og_locale().into()),
    ];
    if let Some(image) = &site.social_image {
        chrome
            .meta
            .push(("og:image".into(), crate::views::absolute(&origin, image)));
    }
    let mut website = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": home,
        "inLanguage": language.code(),
        "publisher": crate::views::publisher(site, language, &origin),
    });
    website["potentialAction"] = serde_json::json!({
        "@type": "SearchAction",
        "target": format!("{origin}{}?q={{query}}", chrome.search),
        "query-input": "required name=query",
    });
    chrome.json_ld = Some(crate::views::script_json(&website));
    let page = HomePage {
        chrome,
        lead: front.lead.as_ref().map(|s| Teaser::new(site, s)),
        latest: Teaser::list(site, &front.latest),
        most_read: Teaser::list(site, &front.most_read),
        sections: front
            .sections
            .iter()
            .map(|(section, items)| SectionBlock {
                slug: section.slug.clone(),
                name: section.name.clone(),
                items: Teaser::list(site, items),
            })
            .collect(),
        more_href: front
            .older
            .map(|c| crate::edition::at(language, &format!("/latest?before={}", c.to_param()))),
    };
    let modified = front
        .lead
        .iter()
        .chain(&front.latest)
        .map(|s| s.modified_at)
        .max();
    let mut response = with_last_modified(html(&page)?, modified);
    response
        .extensions_mut()
        .insert(Shows(vec![Dep::AnyArticle, Dep::Views]));
    Ok(response)
}

/// Looks up a public article of the edition in `language`; an id that is not
/// a number is simply not found.
pub(crate) async fn resolve(
    app: &App,
    language: Language,
    id: &str,
    slug: Option<&str>,
) -> Result<Resolved, WebError> {
    let Ok(id) = id.parse::<i64>() else {
        return Ok(Resolved::NotFound);
    };
    Ok(app.article_page(language, ArticleId(id), slug).await?)
}

async fn article_response(
    app: &App,
    language: Language,
    headers: &HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    print: bool,
    before: Option<i64>,
) -> PageResult {
    // A slug that is not valid percent-encoded UTF-8 is a wrong slug, not a bad request.
    let (id, slug) = match path {
        Ok(Path((id, slug))) => (id, Some(slug)),
        Err(_) => return Err(WebError::NotFound),
    };
    match resolve(app, language, &id, slug.as_deref()).await? {
        Resolved::Show(article) => {
            render_article(app, language, headers, &article, print, before).await
        }
        Resolved::Redirect(href) if print => moved_permanently(&format!("{href}/print")),
        Resolved::Redirect(href) => moved_permanently(&href),
        Resolved::NotFound => Err(WebError::NotFound),
    }
}

async fn render_article(
    app: &App,
    language: Language,
    headers: &HeaderMap,
    a: &Article,
    print: bool,
    before: Option<i64>,
) -> PageResult {
    let origin = origin(app, headers);
    let mut page = ArticlePage::new(&app.site, language, a, &origin, print);
    let mut modified = a.modified_at;
    let mut shows = vec![Dep::Article(a.id)];
    // A live blog's entries (those `before` one: a page of older entries, which
    // must hold some); its writes move `modified_at`.
    if a.live.is_some() {
        let entries = app.live_entries(a, before).await?;
        if before.is_some() && entries.entries.is_empty() {
            return Err(WebError::NotFound);
        }
        page.show_live(&app.site, &origin, &entries, before);
    } else if before.is_some() {
        return Err(WebError::NotFound);
    }
    if !print {
        page.chrome.add_site(app).await?;
        // Most articles have no approved comment: no query for them.
        let threads = if a.approved_comments > 0 {
            app.comment_threads(a.id).await?
        } else {
            Vec::new()
        };
        // An approved comment changes the page as much as an edit does.
        for c in threads
            .iter()
            .flat_map(|t| std::iter::once(&t.comment).chain(&t.replies))
        {
            modified = modified.max(c.moderated_at.unwrap_or(c.created_at));
        }
        page.comment_count = threads.iter().map(|t| 1 + t.replies.len()).sum();
        page.threads = CommentView::threads(&app.site, language, &threads);
        // Chosen when the article changed; one query here.
        let related = app.related_articles(a).await?;
        modified = modified.max(related.changed_at.unwrap_or(modified));
        page.related = Teaser::list(&app.site, &related.articles);
        // The page shows their headlines too: a change to one of them (an
        // edit, an unpublish) makes it stale.
        shows.extend(related.articles.iter().map(|s| Dep::Article(s.id)));
        let translations = app.translations(a).await?;
        page.link_translations(&app.site, &origin, &translations);
        shows.extend(translations.iter().map(|s| Dep::Article(s.id)));
    }
    let mut response = with_last_modified(html(&page)?, Some(modified));
    response.extensions_mut().insert(Shows(shows));
    Ok(response)
}

/// Sets `Last-Modified` (conditional requests and the page cache use it).
pub fn with_last_modified(mut response: Response, at: Option<jiff::Timestamp>) -> Response {
    if let Some(value) = at.and_then(|t| HeaderValue::from_str(&http_date(t)).ok()) {
        response.headers_mut().insert(header::LAST_MODIFIED, value);
    }
    response
}

/// RFC 9110 HTTP-date: `Wed, 08 Jan 2025 12:00:00 GMT`.
pub fn http_date(t: jiff::Timestamp) -> String {
    t.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

pub async fn article(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    uri: axum::http::Uri,
    path: Result<Path<(String, String)>, PathRejection>,
) -> PageResult {
    // Read as the page cache reads it for its key.
    let pairs = axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let before = crate::live::before_param(&pairs);
    article_response(&app, language, &headers, path, false, before).await
}

pub async fn article_print(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
) -> PageResult {
    article_response(&app, language, &headers, path, true, None).await
}

pub async fn article_without_slug(
    State(app): State<App>,
    Edition(language): Edition,
    Path(id): Path<String>,
) -> PageResult {
    match resolve(&app, language, &id, None).await? {
        Resolved::Redirect(href) => moved_permanently(&href),
        Resolved::Show(_) | Resolved::NotFound => Err(WebError::NotFound),
    }
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

/// `/media/{id}/{width}.{ext}`: an uploaded image; a stored file never changes.
pub async fn media(State(app): State<App>, Path((id, file)): Path<(String, String)>) -> PageResult {
    let bytes = app.media_file(&id, &file).await.ok_or(WebError::NotFound)?;
    let kind = match file.rsplit_once('.').map(|(_, e)| e) {
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        _ => "image/jpeg",
    };
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response())
}
