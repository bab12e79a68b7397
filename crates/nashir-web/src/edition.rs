//! Which edition a request is for, and so the language its pages, forms, errors
//! and mail are written in.
//!
//! One edition for now: the site's default, Arabic. Handlers take an [`Edition`]
//! as an extractor and pass its language down (to `Chrome`, the page structs,
//! the forms' guard), and the error pages read the same value; so an edition
//! router (`/en/…`, `/fa/…`) only has to choose one and put it in the request's
//! extensions.

use nashir_i18n::Speaks as _;
use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::Extensions;
use axum::http::request::Parts;
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
