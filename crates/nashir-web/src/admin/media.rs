//! Image uploads and their alternative texts.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use nashir_app::App;
use nashir_app::media::MediaError;
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

async fn page(app: &App, signed: &Signed, status: StatusCode, error: Option<String>) -> PageResult {
    let mut frame = Frame::new(app, "الوسائط", Some(signed));
    frame.error = error;
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

/// `multipart/form-data` with `csrf`, `alt` and `file`.
pub async fn upload(State(app): State<App>, signed: Signed, mut form: Multipart) -> PageResult {
    let (mut csrf, mut alt, mut file) = (String::new(), String::new(), None);
    loop {
        let field = match form.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(upload_failure(e.status())),
        };
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(|e| upload_failure(e.status()))?,
            "alt" => alt = field.text().await.map_err(|e| upload_failure(e.status()))?,
            "file" => {
                file = Some(
                    field
                        .bytes()
                        .await
                        .map_err(|e| upload_failure(e.status()))?,
                )
            }
            _ => {}
        }
    }
    signed.check_csrf(&csrf)?;
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        let error = Some("اختر صورة لرفعها.".into());
        return page(&app, &signed, StatusCode::BAD_REQUEST, error).await;
    };
    match app
        .upload_image(&signed.session.user, bytes.to_vec(), &alt)
        .await
    {
        Ok(_) => {
            app.changed().await;
            Ok(Redirect::to("/admin/media").into_response())
        }
        Err(MediaError::Forbidden) => Err(WebError::Forbidden),
        Err(MediaError::Store(e)) => Err(e.into()),
        Err(e) => {
            let (status, message) = match e {
                MediaError::TooLarge { .. } => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "الصورة أكبر من الحد المسموح.",
                ),
                MediaError::Unsupported => (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "هذا الملف ليس صورة JPEG أو PNG أو WebP (يُفحص محتواه لا اسمه).",
                ),
                MediaError::TooManyPixels { .. } => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "أبعاد الصورة أكبر من الحد (40 مليون بكسل). صغّرها ثم ارفعها.",
                ),
                MediaError::Busy => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "الخادم مشغول بمعالجة صور أخرى. أعد المحاولة بعد لحظات.",
                ),
                MediaError::Broken(_) => {
                    (StatusCode::BAD_REQUEST, "تعذّرت قراءة الصورة: الملف تالف.")
                }
                _ => (StatusCode::INTERNAL_SERVER_ERROR, "تعذّر حفظ الصورة."),
            };
            tracing::warn!("upload refused: {e}");
            page(&app, &signed, status, Some(message.into())).await
        }
    }
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
            let error = Some("لا يُترك النص البديل فارغاً: صِف الصورة لمن لا يراها.".into());
            page(&app, &signed, StatusCode::BAD_REQUEST, error).await
        }
        Err(MediaError::Store(e)) => Err(e.into()),
        Err(e) => Err(WebError::Internal(e.to_string())),
    }
}
