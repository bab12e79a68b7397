//! `/search`: the reader's Arabic search page.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use jiff::Timestamp;
use jiff::civil::Date;
use nashir_app::search::{SearchError, SearchRequest, SortOrder};
use nashir_app::{App, SiteSettings};
use nashir_core::Section;
use nashir_core::highlight::Fragment;
use nashir_core::search_query::{MAX_QUERY_CHARS, parse_query};
use nashir_core::slug::{article_href, percent_encode_segment};
use nashir_i18n::Language;
use nashir_i18n::Speaks as _;
use serde::{Deserialize, Serialize};

use crate::edition::Edition;
use crate::errors::WebError;
use crate::form::LenientQuery;
use crate::views::Chrome;

pub const PAGE_SIZE: usize = 10;
/// Deeper pages are not offered: nobody reads them, and deep offsets are costly.
pub const MAX_PAGE: usize = 100;

pub struct ResultView {
    pub href: String,
    pub title: Vec<Fragment>,
    pub snippet: Vec<Fragment>,
    pub section: String,
    pub date: String,
    pub date_iso: String,
}

#[derive(Template)]
#[template(path = "search.html")]
pub struct SearchPage {
    pub chrome: Chrome,
    pub q: String,
    pub section: String,
    pub from: String,
    pub to: String,
    pub newest: bool,
    pub sections: Vec<Section>,
    pub searched: bool,
    pub notice: Option<String>,
    /// "Did you mean": (the query, its link).
    pub did_you_mean: Option<(String, String)>,
    pub total: usize,
    pub results: Vec<ResultView>,
    pub page: usize,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

/// The query string as sent: every field optional, each read as text.
#[derive(Default, Deserialize)]
#[serde(default)]
pub struct Sent {
    q: String,
    section: String,
    from: String,
    to: String,
    sort: String,
    page: String,
}

/// The search as asked. Anything unparsable is ignored: a search page never
/// answers a reader's typing with an error.
#[derive(Clone, Default)]
struct Form {
    q: String,
    section: String,
    from: Option<Date>,
    to: Option<Date>,
    newest: bool,
    page: usize,
}

impl From<Sent> for Form {
    fn from(sent: Sent) -> Form {
        Form {
            q: sent.q.chars().take(MAX_QUERY_CHARS).collect(),
            section: sent.section.chars().take(80).collect(),
            from: sent.from.parse().ok(),
            to: sent.to.parse().ok(),
            newest: sent.sort == "newest",
            page: sent.page.parse().unwrap_or(1).clamp(1, MAX_PAGE),
        }
    }
}

impl Form {
    /// This search's `page`th page, on the search page at `path`.
    fn href(&self, path: &str, page: usize) -> String {
        let mut href = format!("{path}?q={}", percent_encode_segment(&self.q));
        if !self.section.is_empty() {
            href.push_str(&format!(
                "&section={}",
                percent_encode_segment(&self.section)
            ));
        }
        for (key, date) in [("from", self.from), ("to", self.to)] {
            if let Some(date) = date {
                href.push_str(&format!("&{key}={date}"));
            }
        }
        if self.newest {
            href.push_str("&sort=newest");
        }
        href.push_str(&format!("&page={page}"));
        href
    }

    fn request(&self, site: &SiteSettings, edition: Language) -> SearchRequest {
        let start_of = |d: Date| -> Option<Timestamp> {
            d.to_zoned_datetime(site.time_zone.clone())
                .ok()
                .map(|z| z.timestamp())
        };
        SearchRequest {
            query: parse_query(&self.q),
            section: (!self.section.is_empty()).then(|| self.section.clone()),
            from: self.from.and_then(start_of),
            until: self.to.and_then(|d| d.tomorrow().ok()).and_then(start_of),
            sort: if self.newest {
                SortOrder::Newest
            } else {
                SortOrder::Relevance
            },
            offset: (self.page - 1) * PAGE_SIZE,
            limit: PAGE_SIZE,
            edition,
        }
    }
}

pub async fn search(
    State(app): State<App>,
    Edition(language): Edition,
    LenientQuery(sent): LenientQuery<Sent>,
) -> Result<Response, WebError> {
    let form = Form::from(sent);
    let request = form.request(&app.site, language);
    let t = language.texts();
    let mut chrome = Chrome::new(&app.site, language, Some(&t.get("search-title")))
        .with_site(&app)
        .await?;
    let search_path = chrome.search.clone();
    // Not for search engines (noindex), but shared links still get a description.
    chrome.description = Some(t.arg("search-description", "site", app.site.name_in(language)));
    let mut page = SearchPage {
        chrome,
        q: form.q.clone(),
        section: form.section.clone(),
        from: form.from.map(|d| d.to_string()).unwrap_or_default(),
        to: form.to.map(|d| d.to_string()).unwrap_or_default(),
        newest: form.newest,
        sections: app.sections_in(language).await?,
        searched: !request.query.is_empty(),
        notice: None,
        did_you_mean: None,
        total: 0,
        results: Vec::new(),
        page: form.page,
        prev_href: None,
        next_href: None,
    };
    if !form.q.trim().is_empty() && request.query.is_empty() {
        page.notice = Some(t.get("search-no-words").into_owned());
    }
    let mut status = StatusCode::OK;
    if page.searched {
        match app.search(&request).await {
            Ok(found) => {
                page.total = found.total;
                page.did_you_mean = found.did_you_mean.map(|q| {
                    let href = Form {
                        q: q.clone(),
                        page: 1,
                        ..form.clone()
                    }
                    .href(&search_path, 1);
                    (q, href)
                });
                page.results = found
                    .results
                    .into_iter()
                    .map(|r| {
                        let shown = r.article.published_at.unwrap_or(r.article.updated_at);
                        ResultView {
                            href: r.article.href(),
                            title: r.title,
                            snippet: r.snippet,
                            section: r.article.section.name.clone(),
                            date: app.site.date_in(language, shown),
                            date_iso: shown.to_string(),
                        }
                    })
                    .collect();
                if form.page > 1 {
                    page.prev_href = Some(form.href(&search_path, form.page - 1));
                }
                if form.page * PAGE_SIZE < found.total && form.page < MAX_PAGE {
                    page.next_href = Some(form.href(&search_path, form.page + 1));
                }
            }
            Err(SearchError::Store(e)) => return Err(e.into()),
            Err(SearchError::Index(e)) => {
                tracing::error!("search failed: {e}");
                status = StatusCode::SERVICE_UNAVAILABLE;
                page.searched = false;
                page.notice = Some(t.get("search-unavailable").into_owned());
            }
        }
    }
    Ok((status, Html(page.render()?)).into_response())
}

#[derive(Serialize)]
struct SuggestionView {
    id: i64,
    url: String,
    title: String,
}

#[derive(Serialize)]
struct Suggestions {
    items: Vec<SuggestionView>,
    /// The list's name, and what a screen reader says of it ("3 suggestions"),
    /// in the edition's language.
    label: String,
    status: String,
}

/// `/search/suggest?q=`: articles for what the reader is typing, as JSON for the
/// search box's script (`{"items": [{"id", "url", "title"}]}`). The box works without it.
pub async fn suggest(
    State(app): State<App>,
    Edition(language): Edition,
    LenientQuery(sent): LenientQuery<Sent>,
) -> Response {
    let typed: String = sent.q.chars().take(MAX_QUERY_CHARS).collect();
    let items = match app.suggest_in(&typed, language).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!("suggestions failed: {e}");
            Vec::new()
        }
    };
    let t = language.texts();
    let body = Suggestions {
        label: t.get("search-suggestions").into_owned(),
        status: t.args("search-suggestions-count", &[("count", items.len().into())]),
        items: items
            .into_iter()
            .map(|s| SuggestionView {
                id: s.id.0,
                url: article_href(language, s.id, &s.slug),
                title: s.title,
            })
            .collect(),
    };
    let json = serde_json::to_string(&body).unwrap_or_else(|_| r#"{"items":[]}"#.into());
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        json,
    )
        .into_response()
}
