//! Old addresses (see [`nashir_app::redirects`]): a reader's GET or HEAD that
//! the site answers 404 is looked up, and answered 301 when it has moved. `/`
//! with a query (WordPress's `/?p=123`) is the front page's route, whose cache
//! ignores the query, so it is looked up first, before the page cache.
//! Other pages pay no lookup, only a clone of the URI (shared bytes).
//!
//! Nothing here is kept: the page cache keeps only 200 pages, so a redirect
//! added after a 404 answers at once, on every node.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use nashir_app::App;

/// Browsers may keep a 301 for good; an hour lets a deleted or changed
/// redirect reach them.
const REDIRECT_CACHE_CONTROL: &str = "public, max-age=3600";

/// Middleware around the whole site (inside the error pages).
pub async fn layer(State(app): State<App>, request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let path = request.uri().path();
    // The newsroom and the API are never an old site's addresses.
    if path == "/admin" || path.starts_with("/admin/") || path.starts_with("/api/") {
        return next.run(request).await;
    }
    if path == "/" && request.uri().query().is_some_and(|q| !q.is_empty()) {
        let uri = request.uri().clone();
        if let Some(moved) = moved(&app, &uri).await {
            return moved;
        }
        return next.run(request).await;
    }
    let uri = request.uri().clone();
    let response = next.run(request).await;
    if response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    moved(&app, &uri).await.unwrap_or(response)
}

/// The 301 for `uri`, if it has moved. A failing lookup leaves the page it had.
async fn moved(app: &App, uri: &axum::http::Uri) -> Option<Response> {
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
