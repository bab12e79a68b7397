//! API errors as RFC 9457 problem details (`application/problem+json`): a
//! `title` and `detail` in the language the request's `Accept-Language` asks
//! for (Arabic, English or Persian; Arabic by default, said in
//! `Content-Language`), and the English `title_en` whatever the language.
//!
//! A handler answers with a [`Problem`], not yet in any language; it is said
//! when the response leaves (`errors::render_error_pages` calls [`speak`]),
//! where the request's headers are known.

use std::borrow::Cow;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use nashir_app::StoreError;
use nashir_app::editor::EditError;
use nashir_i18n::{Language, Message, Speaks as _, Texts};
use serde::Serialize;

use crate::errors::WebError;

/// What went wrong, to be said in the request's language.
#[derive(Clone, Debug)]
pub struct Problem {
    status: StatusCode,
    /// Said one after another.
    detail: Vec<Detail>,
    /// The article's current revision, on a 409.
    revision: Option<i64>,
}

/// A part of a problem's `detail`.
#[derive(Clone, Debug)]
pub enum Detail {
    /// From the catalogs.
    Said(Message),
    /// Words of no language: a field name, a parser's own message.
    Text(String),
}

impl From<Message> for Detail {
    fn from(m: Message) -> Detail {
        Detail::Said(m)
    }
}

impl From<&str> for Detail {
    fn from(s: &str) -> Detail {
        Detail::Text(s.to_string())
    }
}

impl From<String> for Detail {
    fn from(s: String) -> Detail {
        Detail::Text(s)
    }
}

/// A problem document (RFC 9457).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Document {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's name, in the response's language (`Content-Language`).
    pub title: Cow<'static, str>,
    /// The status's name in English, whatever the response's language.
    pub title_en: Cow<'static, str>,
    pub status: u16,
    /// What exactly was wrong, when there is more to say (in the response's
    /// language).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The article's current revision, on a 409.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<i64>,
}

/// The handlers' `body = Problem` is the document they answer with.
impl utoipa::PartialSchema for Problem {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        <Document as utoipa::PartialSchema>::schema()
    }
}

impl utoipa::ToSchema for Problem {}

impl Problem {
    pub fn new(status: StatusCode) -> Problem {
        Problem {
            status,
            detail: Vec::new(),
            revision: None,
        }
    }

    /// Adds to what is said about it: a [`Message`], or text of no language.
    pub fn detail(mut self, detail: impl Into<Detail>) -> Problem {
        self.detail.push(detail.into());
        self
    }

    fn title(status: StatusCode) -> &'static str {
        match status {
            StatusCode::BAD_REQUEST => "api-bad-request",
            StatusCode::UNAUTHORIZED => "api-unauthorized",
            StatusCode::FORBIDDEN => "api-forbidden",
            StatusCode::NOT_FOUND => "api-not-found",
            StatusCode::CONFLICT => "api-conflict",
            StatusCode::PAYLOAD_TOO_LARGE => "api-too-large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "api-unsupported",
            StatusCode::UNPROCESSABLE_ENTITY => "api-invalid",
            StatusCode::TOO_MANY_REQUESTS => "api-too-many",
            StatusCode::SERVICE_UNAVAILABLE => "api-unavailable",
            _ => "api-server-error",
        }
    }

    /// The document in `language`.
    pub fn document(&self, language: Language) -> Document {
        let t = language.texts();
        let title = Problem::title(self.status);
        let detail: Vec<Cow<'static, str>> = self
            .detail
            .iter()
            .map(|d| match d {
                Detail::Said(m) => t.message(m),
                Detail::Text(s) => Cow::Owned(s.clone()),
            })
            .collect();
        Document {
            kind: "about:blank",
            title: t.get(title),
            title_en: Texts::of(Language::English).get(title),
            status: self.status.as_u16(),
            detail: (!detail.is_empty()).then(|| detail.join(" ")),
            revision: self.revision,
        }
    }

    /// The response in `language`.
    pub fn said_in(&self, language: Language) -> Response {
        let body = serde_json::to_string(&self.document(language)).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(
            header::CONTENT_LANGUAGE,
            HeaderValue::from_static(language.code()),
        );
        headers.append(header::VARY, HeaderValue::from_static("accept-language"));
        response
    }
}

/// In Arabic, until [`speak`] says it in the request's language; the problem
/// goes along in the response's extensions for that.
impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut response = self.said_in(Language::default());
        response.extensions_mut().insert(self);
        response
    }
}

/// The language an API request asks for (`Accept-Language`).
pub fn language_of(headers: &HeaderMap) -> Language {
    let asked = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    nashir_i18n::negotiate(asked)
}

/// Says a problem answer in `language` (other answers are left alone).
pub fn speak(response: &mut Response, language: Language) {
    let Some(problem) = response.extensions_mut().remove::<Problem>() else {
        return;
    };
    let said = problem.said_in(language);
    let (parts, body) = said.into_parts();
    for name in [header::CONTENT_LANGUAGE, header::CONTENT_TYPE] {
        if let Some(value) = parts.headers.get(&name) {
            response.headers_mut().insert(name, value.clone());
        }
    }
    response.headers_mut().remove(header::CONTENT_LENGTH);
    *response.body_mut() = Body::new(body);
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
            EditError::Invalid(problems) => problems.into_iter().fold(
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY),
                Problem::detail,
            ),
            EditError::Conflict { current, .. } => Problem {
                revision: Some(current),
                ..Problem::new(StatusCode::CONFLICT)
            },
            other => WebError::from(other).into(),
        }
    }
}
