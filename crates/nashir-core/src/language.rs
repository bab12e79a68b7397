//! The languages Nashir's editions are written in: what an article's `language`
//! code means to the importer and to search.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An edition's language. Arabic is the default edition's. Serialized as its
/// code (`"ar"`), as settings, forms and the API write it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Language {
    #[default]
    #[serde(rename = "ar")]
    Arabic,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "fa")]
    Persian,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Arabic, Language::English, Language::Persian];

    /// The ISO 639-1 code an article stores (`ar`, `en`, `fa`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Arabic => "ar",
            Language::English => "en",
            Language::Persian => "fa",
        }
    }

    /// `ar`, `en` or `fa` (any case, surrounding spaces ignored).
    pub fn from_code(code: &str) -> Option<Language> {
        let code = code.trim();
        Language::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// The writing direction, for `dir`: `rtl` or `ltr`.
    pub fn dir(self) -> &'static str {
        if self.is_rtl() { "rtl" } else { "ltr" }
    }

    pub fn is_rtl(self) -> bool {
        matches!(self, Language::Arabic | Language::Persian)
    }

    /// The side lines start from, for CSS where `start` is not understood (mail):
    /// `right` or `left`.
    pub fn start(self) -> &'static str {
        if self.is_rtl() { "right" } else { "left" }
    }

    /// The OpenGraph locale (`og:locale`).
    pub fn og_locale(self) -> &'static str {
        match self {
            Language::Arabic => "ar_AR",
            Language::English => "en_US",
            Language::Persian => "fa_IR",
        }
    }

    /// How search and the importer treat an article's stored code: a code of no
    /// edition is read as the default edition's (Arabic), as before editions.
    pub fn of_article(code: &str) -> Language {
        Language::from_code(code).unwrap_or_default()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown edition «{0}»: expected ar, en or fa")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::from_code(s).ok_or_else(|| UnknownLanguage(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_go_there_and_back() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
            assert_eq!(l.to_string().parse::<Language>(), Ok(l));
        }
        assert_eq!(" EN ".parse::<Language>(), Ok(Language::English));
        assert!("fr".parse::<Language>().is_err());
        assert_eq!(Language::default(), Language::Arabic);
        assert_eq!(Language::of_article("fr"), Language::Arabic);
        assert_eq!(Language::of_article("fa"), Language::Persian);
    }
}
