//! Form bodies and query strings into typed structs, through `serde_html_form`: a
//! key sent more than once fills a `Vec` field, and a field that may be missing
//! needs `#[serde(default)]`.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use percent_encoding::percent_decode;
use serde::de::DeserializeOwned;

use crate::errors::WebError;

/// An `application/x-www-form-urlencoded` body as `T`. Refused with 400: another
/// content type, a key or value that is not UTF-8 once percent-decoded (mangled
/// bytes are refused, not kept as replacement characters), or a body that does
/// not fit `T` (a single field sent twice); with 413 over the route's body limit.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, WebError> {
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(WebError::BadRequest);
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebError::TooLarge
            } else {
                WebError::BadRequest
            }
        })?;
        parse(&bytes).map(Form).ok_or(WebError::BadRequest)
    }
}

/// `body` as `T` if every key and value is UTF-8 once decoded. Decoding the body
/// whole checks each of them: `&` and `=` are ASCII, so they split no character.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    percent_decode(body).decode_utf8().ok()?;
    serde_html_form::from_bytes(body).ok()
}

/// A query string as `T`, or `T::default()` when it does not fit: a page that
/// reads its query answers anything typed into the address bar.
pub struct LenientQuery<T>(pub T);

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequestParts<S> for LenientQuery<T> {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        Ok(LenientQuery(
            serde_html_form::from_str(query).unwrap_or_default(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::parse;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Fields {
        name: String,
        text: String,
        empty: String,
        flag: String,
        missing: String,
        id: Vec<String>,
    }

    #[test]
    fn decodes_utf8_and_refuses_broken_bytes() {
        let form: Fields =
            parse(b"name=%D8%B9%D9%84%D9%8A&text=a+b%2Bc&empty=&flag&id=1&id=x").unwrap();
        assert_eq!(form.name, "علي");
        assert_eq!(form.text, "a b+c");
        assert_eq!((form.empty.as_str(), form.flag.as_str()), ("", ""));
        assert_eq!(form.missing, "");
        assert_eq!(form.id, ["1", "x"]);
        assert_eq!(parse::<Fields>(b"id=7").unwrap().id, ["7"]);
        assert_eq!(parse::<Fields>(b"").unwrap(), Fields::default());
        assert!(parse::<Fields>(b"name=%D8%B9%FF").is_none());
        assert!(parse::<Fields>(b"name=\xff").is_none());
        assert!(parse::<Fields>(b"%FF=x").is_none(), "keys too");
        assert!(
            parse::<Fields>(b"name=a&name=b").is_none(),
            "one field, twice"
        );
    }
}
