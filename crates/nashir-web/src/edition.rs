//! Which edition a request is for, and so the language its pages, forms, errors
//! and mail are written in.
//!
//! Each edition the site publishes (the `editions` setting) serves its pages
//! under its prefix: `/ar/…`, `/en/…`, `/fa/…`; `/`, `/feed.rss` and `/search`
//! are the default edition's. [`choose`] reads the prefix of every request
//! before routing and puts the [`Edition`] in its extensions, where handlers
//! (as an extractor) and the error pages find it.

use nashir_i18n::Speaks as _;
use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::Extensions;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use nashir_app::App;
use nashir_i18n::{Language, Texts};

/// The edition a request is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edition(pub Language);

impl Edition {
    /// The site's default edition, which serves every request until there are
    /// others.
    pub const DEFAULT: Edition = Edition(Language::Arabic);

    /// The edition a router chose for this request, else the default.
    pub fn of(extensions: &Extensions) -> Edition {
        extensions
            .get::<Edition>()
            .copied()
            .unwrap_or(Edition::DEFAULT)
    }

    pub fn language(self) -> Language {
        self.0
    }

    pub fn texts(self) -> &'static Texts {
        self.0.texts()
    }
}

impl Default for Edition {
    fn default() -> Self {
        Edition::DEFAULT
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Edition {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Edition::of(&parts.extensions))
    }
}

/// A published edition's code leading `path` (`/en/latest` → English, and
/// what follows: `/latest`).
pub fn split<'a>(app: &App, path: &'a str) -> Option<(Language, &'a str)> {
    split_any(path).filter(|(language, _)| app.site.publishes(*language))
}

/// Any edition's code leading `path`, and what follows.
fn split_any(path: &str) -> Option<(Language, &str)> {
    let rest = path.strip_prefix('/')?;
    let (code, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let language = Language::from_code(code).filter(|l| l.code() == code)?;
    Some((language, tail))
}

/// `path` without its edition's prefix (`/en/latest` → `/latest`); a path
/// with none as it is.
pub fn tail(path: &str) -> &str {
    split_any(path).map_or(path, |(_, tail)| tail)
}

/// The path of a page of an edition: `at(English, "/latest")` is `/en/latest`.
pub fn at(language: Language, rest: &str) -> String {
    format!("/{language}{rest}")
}

/// Middleware: the edition a request's path names, else the default one.
pub async fn choose(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let language = split(&app, request.uri().path())
        .map_or_else(|| app.site.default_edition(), |(language, _)| language);
    request.extensions_mut().insert(Edition(language));
    next.run(request).await
}
