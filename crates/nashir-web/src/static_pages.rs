//! `/ar/page/{slug}`: a static page (من نحن، اتصل بنا) as readers see it. It
//! shows no articles: the cache keeps it until a site change (a page written,
//! the sections renamed).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use nashir_app::App;
use nashir_app::records::static_page_href;
use nashir_core::{Block, Media};

use crate::cache::Shows;
use crate::edition::Edition;
use crate::errors::WebError;
use crate::pages::{PageResult, html, moved_permanently, origin};
use crate::views::Chrome;

/// Characters of the first paragraph a page's description takes.
const DESCRIPTION_CHARS: usize = 160;

#[derive(Template)]
#[template(path = "static_page.html")]
struct StaticPageView {
    chrome: Chrome,
    title: String,
    blocks: Vec<Block>,
    images: Vec<Media>,
    updated_iso: String,
    updated_date: String,
}

pub async fn page(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> PageResult {
    let page = app
        .static_page_for_readers(&slug)
        .await?
        .ok_or(WebError::NotFound)?;
    // A page lives under its own edition's prefix.
    if page.language != language {
        return moved_permanently(&static_page_href(page.language, &page.slug));
    }
    let mut chrome = Chrome::new(&app.site, language, Some(&page.title))
        .with_site(&app)
        .await?;
    chrome.canonical = Some(format!(
        "{}{}",
        origin(&app, &headers),
        static_page_href(language, &page.slug)
    ));
    let first = page.body.iter().find_map(|b| match b {
        Block::Paragraph { text, .. } => Some(text.chars().take(DESCRIPTION_CHARS).collect()),
        _ => None,
    });
    chrome.description = Some(first.unwrap_or_else(|| page.title.clone()));
    let mut response = html(&StaticPageView {
        chrome,
        title: page.title,
        blocks: page.body,
        images: page.images,
        updated_iso: page.updated_at.to_string(),
        updated_date: app.site.date_in(language, page.updated_at),
    })?;
    response.extensions_mut().insert(Shows(Vec::new()));
    Ok(response)
}
