//! `/ar/corrections`: every correction the site has published, newest first, so
//! readers can see what was put right and when.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use nashir_app::App;
use nashir_core::slug::article_href;
use nashir_i18n::Speaks as _;

use crate::edition::{self, Edition};
use crate::pages::{PageResult, html, origin};
use crate::views::Chrome;

#[derive(Template)]
#[template(path = "corrections.html")]
struct CorrectionsPage {
    chrome: Chrome,
    /// (article link, headline, ISO time, date as readers read it, note)
    entries: Vec<(String, String, String, String, String)>,
    older_href: Option<String>,
}

/// The `before` a page reads (the cache keys on it alone).
pub fn before(pairs: &[(String, String)]) -> Option<i64> {
    pairs
        .iter()
        .find(|(k, _)| k == "before")
        .and_then(|(_, v)| v.parse().ok())
        .filter(|id: &i64| *id > 0)
}

pub async fn list(
    State(app): State<App>,
    Edition(language): Edition,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> PageResult {
    let pairs = query.map(|Query(q)| q).unwrap_or_default();
    let page = app.corrections_page(language, before(&pairs)).await?;
    let t = language.texts();
    let mut chrome = Chrome::new(&app.site, language, Some(&t.get("corrections-title")))
        .with_site(&app)
        .await?;
    let path = edition::at(language, "/corrections");
    chrome.canonical = Some(format!("{}{path}", origin(&app, &headers)));
    chrome.description = Some(t.get("corrections-description").into_owned());
    let entries = page
        .entries
        .into_iter()
        .map(|e| {
            (
                article_href(e.language, e.article_id, &e.slug),
                e.title,
                e.correction.at.to_string(),
                app.site.date_in(language, e.correction.at),
                e.correction.note,
            )
        })
        .collect();
    html(&CorrectionsPage {
        chrome,
        entries,
        older_href: page.older.map(|id| format!("{path}?before={id}")),
    })
}
