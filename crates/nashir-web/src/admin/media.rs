//! Image uploads and their alternative texts.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::media::MediaError;
use nashir_core::Media;
use nashir_i18n::{Message, Texts};
use serde::Deserialize;

use super::{Frame, Signed, render_with};
use crate::errors::WebError;
use crate::form::Form;

type PageResult = Result<Response, WebError>;

#[derive(Template)]
#[template(path = "admin/media.html")]
struct MediaPage {
    frame: Frame,
    csrf: String,
    max_mb: usize,
    media: Vec<nashir_core::Media>,
}

async fn page(
    app: &App,
    signed: &Signed,
    status: StatusCode,
    error: Option<Message>,
) -> PageResult {
    let frame = Frame::new(app, "nr-nav-media", signed).error(error);
    render_with(
        status,
        &MediaPage {
            frame,
            csrf: signed.session.csrf.clone(),
            max_mb: app.site.media_max_bytes / (1024 * 1024),
            media: app.recent_media(&signed.session.user, 60).await?,
        },
    )
}

pub async fn list(State(app): State<App>, signed: Signed) -> PageResult {
    page(&app, &signed, StatusCode::OK, None).await
}

/// `multipart/form-data` with `csrf`, `alt` and `file`. The media page's form
/// gets the page back (or its errors on it); a script that asks for JSON
/// (`Accept: application/json`: the rich editor, uploading a picture dropped
/// into the text) gets `{"id", "url", "alt"}` with 201, or `{"error"}`, a
/// message in the user's language, with the same status the page would have.
/// The checks are the same either way.
pub async fn upload(
    State(app): State<App>,
    signed: Signed,
    headers: HeaderMap,
    form: Multipart,
) -> PageResult {
    let json = wants_json(&headers);
    let t = signed.texts();
    match receive(&app, &signed, form).await {
        Ok(media) => {
            app.changed().await;
            if json {
                let answer = serde_json::json!({
                    "id": media.id,
                    "url": media.url(media.default_width()),
                    "alt": media.alt,
                });
                Ok(json_reply(StatusCode::CREATED, &answer))
            } else {
                Ok(Redirect::to("/admin/media").into_response())
            }
        }
        Err(Refused::Message(status, key)) if json => Ok(json_error(status, &t.get(key))),
        Err(Refused::Message(status, key)) => page(&app, &signed, status, Some(key.into())).await,
        Err(Refused::Error(e)) if json => Ok(json_refusal(t, e)),
        Err(Refused::Error(e)) => Err(e),
    }
}

/// Why an upload was refused: a status and the message (its key) the media
/// page shows, or an error with a page of its own.
enum Refused {
    Message(StatusCode, &'static str),
    Error(WebError),
}

/// Reads the form, checks its CSRF token and stores the image.
async fn receive(app: &App, signed: &Signed, mut form: Multipart) -> Result<Media, Refused> {
    let failure = |status: StatusCode| Refused::Error(upload_failure(status));
    let (mut csrf, mut alt, mut file) = (String::new(), String::new(), None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(failure(e.status())),
        };
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(|e| failure(e.status()))?,
            "alt" => alt = field.text().await.map_err(|e| failure(e.status()))?,
            "file" => file = Some(field.bytes().await.map_err(|e| failure(e.status()))?),
            _ => {}
        }
    }
    signed.check_csrf(&csrf).map_err(Refused::Error)?;
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return Err(Refused::Message(StatusCode::BAD_REQUEST, "nr-media-choose"));
    };
    match app
        .upload_image(&signed.session.user, bytes.to_vec(), &alt)
        .await
    {
        Ok(media) => Ok(media),
        Err(MediaError::Forbidden) => Err(Refused::Error(WebError::Forbidden)),
        Err(MediaError::Store(e)) => Err(Refused::Error(e.into())),
        Err(e) => {
            let (status, message) = match e {
                MediaError::TooLarge { .. } => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "nr-media-too-large")
                }
                MediaError::Unsupported => {
                    (StatusCode::UNSUPPORTED_MEDIA_TYPE, "nr-media-unsupported")
                }
                MediaError::TooManyPixels { .. } => {
                    (StatusCode::PAYLOAD_TOO_LARGE, "nr-media-too-many-pixels")
                }
                MediaError::Busy => (StatusCode::SERVICE_UNAVAILABLE, "nr-media-busy"),
                MediaError::Broken(_) => (StatusCode::BAD_REQUEST, "nr-media-broken"),
                _ => (StatusCode::INTERNAL_SERVER_ERROR, "nr-media-failed"),
            };
            tracing::warn!("upload refused: {e}");
            Err(Refused::Message(status, message))
        }
    }
}

/// Whether the request asks for JSON rather than a page.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|t| t.split(';').next())
        .any(|t| t.trim().eq_ignore_ascii_case("application/json"))
}

fn json_reply(status: StatusCode, value: &serde_json::Value) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        value.to_string(),
    )
        .into_response()
}

fn json_error(status: StatusCode, message: &str) -> Response {
    json_reply(status, &serde_json::json!({ "error": message }))
}

/// An error that has a page of its own, for a script: its status, in the
/// user's words.
fn json_refusal(t: &'static Texts, e: WebError) -> Response {
    let (status, key) = match e {
        WebError::Forbidden => (StatusCode::FORBIDDEN, "nr-media-forbidden"),
        WebError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "nr-media-too-large"),
        WebError::BadRequest => (StatusCode::BAD_REQUEST, "nr-media-unreadable"),
        WebError::NotFound => (StatusCode::NOT_FOUND, "nr-media-not-found"),
        WebError::Conflict => (StatusCode::CONFLICT, "nr-media-conflict"),
        WebError::Internal(detail) => {
            tracing::error!(%detail, "upload failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "nr-media-failed")
        }
    };
    json_error(status, &t.get(key))
}

/// An upload the multipart reader gave up on. A body that stops being readable
/// mid-stream (500 from the reader) is, here, one cut off by the size limit.
fn upload_failure(status: StatusCode) -> WebError {
    if matches!(
        status,
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::INTERNAL_SERVER_ERROR
    ) {
        WebError::TooLarge
    } else {
        WebError::BadRequest
    }
}

#[derive(Deserialize)]
pub struct AltForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    alt: String,
}

pub async fn set_alt(
    State(app): State<App>,
    signed: Signed,
    Path(id): Path<String>,
    Form(form): Form<AltForm>,
) -> PageResult {
    signed.check_csrf(&form.csrf)?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    match app.set_media_alt(&signed.session.user, id, &form.alt).await {
        Ok(()) => {
            app.changed().await;
            Ok(Redirect::to("/admin/media").into_response())
        }
        Err(MediaError::Forbidden) => Err(WebError::Forbidden),
        Err(MediaError::NotFound) => Err(WebError::NotFound),
        Err(MediaError::EmptyAlt) => {
            let error = Some("nr-media-empty-alt".into());
            page(&app, &signed, StatusCode::BAD_REQUEST, error).await
        }
        Err(MediaError::Store(e)) => Err(e.into()),
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}
