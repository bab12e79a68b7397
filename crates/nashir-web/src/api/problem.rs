//! API errors as RFC 9457 problem details (`application/problem+json`), with an
//! Arabic `title` and an English `title_en`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nashir_app::StoreError;
use nashir_app::editor::EditError;
use serde::Serialize;

use crate::errors::WebError;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub title_en: &'static str,
    pub status: u16,
    /// What exactly was wrong, when there is more to say (Arabic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The article's current revision, on a 409.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
}

impl Problem {
    pub fn new(status: StatusCode) -> Problem {
        let (title, title_en) = match status {
            StatusCode::BAD_REQUEST => ("طلب غير صالح", "Bad request"),
            StatusCode::UNAUTHORIZED => ("يلزم رمز صالح", "A valid token is required"),
            StatusCode::FORBIDDEN => ("غير مسموح", "Forbidden"),
            StatusCode::NOT_FOUND => ("غير موجود", "Not found"),
            StatusCode::CONFLICT => ("تغيّر في أثناء عملك", "Changed meanwhile"),
            StatusCode::PAYLOAD_TOO_LARGE => ("الطلب كبير جداً", "Payload too large"),
            StatusCode::UNPROCESSABLE_ENTITY => ("بيانات غير صالحة", "Invalid data"),
            StatusCode::TOO_MANY_REQUESTS => ("طلبات كثيرة", "Too many requests"),
            StatusCode::SERVICE_UNAVAILABLE => ("الخدمة غير متاحة", "Service unavailable"),
            _ => ("حدث خطأ في الخادم", "Internal server error"),
        };
        Problem {
            kind: "about:blank",
            title,
            title_en,
            status: status.as_u16(),
            detail: None,
            revision: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_string(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

impl From<WebError> for Problem {
    fn from(e: WebError) -> Problem {
        match e {
            WebError::NotFound => Problem::new(StatusCode::NOT_FOUND),
            WebError::Forbidden => Problem::new(StatusCode::FORBIDDEN),
            WebError::BadRequest => Problem::new(StatusCode::BAD_REQUEST),
            WebError::TooLarge => Problem::new(StatusCode::PAYLOAD_TOO_LARGE),
            WebError::Conflict => Problem::new(StatusCode::CONFLICT),
            WebError::Internal(detail) => {
                tracing::error!(%detail, "API request failed");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        WebError::from(e).into()
    }
}

impl From<EditError> for Problem {
    fn from(e: EditError) -> Problem {
        match e {
            EditError::Invalid(problems) => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY).detail(problems.join(" "))
            }
            EditError::Conflict { current, .. } => Problem {
                revision: Some(current),
                ..Problem::new(StatusCode::CONFLICT)
            },
            other => WebError::from(other).into(),
        }
    }
}
