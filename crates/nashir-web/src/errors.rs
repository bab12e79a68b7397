//! Failures as readers see them: pages in the edition's language with the right
//! status, never a stack trace.
//!
//! Handlers return [`WebError`]; it becomes a bare status response, and
//! [`render_error_pages`], which knows the site, turns every bodiless error response
//! (ours, the router's, the timeout's, the body limit's) into a page.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use nashir_app::editor::EditError;
use nashir_app::{App, StoreError};
use nashir_i18n::{Language, Speaks as _};

use crate::edition::Edition;
use crate::views::MessagePage;

/// The language a newsroom response speaks: its signed-in user's, which the
/// permission layer puts on the response, so an error page under `/admin`
/// (a 403, a 404 from a handler) is said in it rather than the edition's.
#[derive(Clone, Copy, Debug)]
pub struct UserLanguage(pub Language);

#[derive(Debug)]
pub enum WebError {
    NotFound,
    /// Not allowed: no permission, or a missing or wrong CSRF token.
    Forbidden,
    /// A request no form of ours sends.
    BadRequest,
    /// A body over the size limit.
    TooLarge,
    /// The thing changed since the form was opened.
    Conflict,
    Internal(String),
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::Internal(e.to_string())
    }
}

/// A newsroom use-case's refusal. Pages that can show the problems of a form
/// handle `Invalid` before; elsewhere it is a request no form of ours sends.
impl From<EditError> for WebError {
    fn from(e: EditError) -> Self {
        match e {
            EditError::Forbidden => WebError::Forbidden,
            EditError::NotFound => WebError::NotFound,
            EditError::Invalid(_) => WebError::BadRequest,
            EditError::Conflict { .. } => WebError::Conflict,
            EditError::Store(e) => e.into(),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND.into_response(),
            WebError::Forbidden => StatusCode::FORBIDDEN.into_response(),
            WebError::BadRequest => StatusCode::BAD_REQUEST.into_response(),
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            WebError::Conflict => StatusCode::CONFLICT.into_response(),
            WebError::Internal(detail) => {
                tracing::error!(%detail, "request failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        }
    }
}

/// Gives every error response that has no page of its own a page in the request's
/// edition's language (a newsroom user's, see [`UserLanguage`]): those with no
/// body, and the plain-text ones the framework writes (a body over the limit, a
/// form it could not read).
/// Under `/api/` the page is a problem document (RFC 9457) instead, said (as the
/// API's problems are) in the language of the request's `Accept-Language`.
/// Every response passes here, so it also says its language (`Content-Language`).
pub async fn render_error_pages(
    State(app): State<App>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let api = request
        .uri()
        .path()
        .starts_with("/api/")
        .then(|| crate::api::problem::language_of(request.headers()));
    let edition = Edition::of(request.extensions()).language();
    let uri = crate::redirects::may_have_moved(request.method(), request.uri().path())
        .then(|| request.uri().clone());
    if let Some(uri) = &uri
        && crate::redirects::looked_up_first(uri.path(), uri.query())
        && let Some(moved) = crate::redirects::moved(&app, uri).await
    {
        return moved;
    }
    let mut response = next.run(request).await;
    // The error page links to its edition's pages (menu, search, front page):
    // the user's language, then, only where the site publishes it.
    let language = response
        .extensions()
        .get::<UserLanguage>()
        .map(|user| user.0)
        .filter(|user| app.site.publishes(*user))
        .unwrap_or(edition);
    if let Some(asked) = api {
        crate::api::problem::speak(&mut response, asked);
    }
    response
        .headers_mut()
        .entry(header::CONTENT_LANGUAGE)
        .or_insert(header::HeaderValue::from_static(language.code()));
    let status = response.status();
    if status == StatusCode::NOT_FOUND
        && let Some(uri) = &uri
        && !crate::redirects::looked_up_first(uri.path(), uri.query())
        && let Some(moved) = crate::redirects::moved(&app, uri).await
    {
        return moved;
    }
    let has_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| !t.as_bytes().starts_with(b"text/plain"));
    if !(status.is_client_error() || status.is_server_error()) || has_page {
        return response;
    }
    if let Some(asked) = api {
        let mut problem = crate::api::problem::Problem::new(status).said_in(asked);
        for (name, value) in response.headers() {
            if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
                problem.headers_mut().entry(name).or_insert(value.clone());
            }
        }
        return problem;
    }
    let mut page = MessagePage::for_status(&app.site, language, status);
    // A reader's mistake (a page not found) gets the site around it; a failing
    // server does not ask its store again.
    if status.is_client_error()
        && let Err(e) = page.chrome.add_site(&app).await
    {
        tracing::warn!("the site around an error page: {e}");
    }
    let mut rendered = match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(_) => language.texts().get("error-server").into_response(),
    };
    *rendered.status_mut() = status;
    for (name, value) in response.headers() {
        if name != header::CONTENT_LENGTH {
            rendered.headers_mut().entry(name).or_insert(value.clone());
        }
    }
    rendered
}
