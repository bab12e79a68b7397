//! Old addresses (see [`nashir_app::redirects`]): a reader's GET or HEAD that
//! the site answers 404 is looked up, and answered 301 when it has moved. `/`
//! with a query (WordPress's `/?p=123`) is the front page's route, whose cache
//! ignores the query, so it is looked up first, before the page cache.
//! The check runs in the error-page middleware every response passes anyway
//! (`errors::render_error_pages`): a layer of its own around the site cost a
//! quarter of the hot article's throughput. Other pages pay no lookup.
//!
//! Nothing here is kept: the page cache keeps only 200 pages, so a redirect
//! added after a 404 answers at once, on every node.

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nashir_app::App;

/// Browsers may keep a 301 for good; an hour lets a deleted or changed
/// redirect reach them.
const REDIRECT_CACHE_CONTROL: &str = "public, max-age=3600";

/// Whether a request may be for an old address: a reader's GET or HEAD (the
/// newsroom and the API are never an old site's addresses).
pub(crate) fn may_have_moved(method: &Method, path: &str) -> bool {
    matches!(*method, Method::GET | Method::HEAD)
        && path != "/admin"
        && !path.starts_with("/admin/")
        && !path.starts_with("/api/")
}

/// `/` with a query (WordPress's `/?p=123`) is the front page's route, whose
/// cache ignores the query: it is looked up before the page is.
pub(crate) fn looked_up_first(path: &str, query: Option<&str>) -> bool {
    path == "/" && query.is_some_and(|q| !q.is_empty())
}

/// The 301 for `uri`, if it has moved. A failing lookup leaves the page it had.
pub(crate) async fn moved(app: &App, uri: &axum::http::Uri) -> Option<Response> {
    let location = match app.redirect_for(uri.path(), uri.query()).await {
        Ok(found) => found?,
        Err(e) => {
            tracing::warn!(error = %e, "looking up a redirect");
            return None;
        }
    };
    let location = HeaderValue::from_str(&location).ok()?;
    Some(
        (
            StatusCode::MOVED_PERMANENTLY,
            [
                (header::LOCATION, location),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(REDIRECT_CACHE_CONTROL),
                ),
            ],
        )
            .into_response(),
    )
}
