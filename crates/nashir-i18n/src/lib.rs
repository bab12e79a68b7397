//! Nashir's interface text: one Fluent catalog per language (`locales/{ar,en,fa}/*.ftl`),
//! compiled into the binary and parsed once, on first use.
//!
//! Pages, forms, errors and mail say what they say through [`Texts`]:
//! `Texts::of(Language::Arabic).get("article-print")` is `طباعة الخبر`, and
//! `t.args("search-count", &[("count", 12.into())])` formats a message with
//! Fluent arguments (plural forms chosen by the language's CLDR rules). The
//! tests (`tests/catalogs.rs`) make a missing message impossible at run time:
//! every catalog has exactly Arabic's messages, each formats without errors, and
//! every key the code names exists.
//!
//! Fluent's bidi isolation marks (FSI/PDI around arguments) are off: output is
//! HTML, mail and feeds, where the templates set direction with `dir` and `<bdi>`.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// An edition's language: one type for the whole workspace (`nashir_core`'s,
/// which the importer and search read); its interface text comes from here.
pub use nashir_core::language::Language;

/// A language's interface text, as a method: `language.texts()`.
pub trait Speaks {
    fn texts(self) -> &'static Texts;
}

impl Speaks for Language {
    fn texts(self) -> &'static Texts {
        Texts::of(self)
    }
}

/// The catalog files of each language, in the order they are loaded. A test
/// checks that this lists every `.ftl` file under `locales/`.
macro_rules! catalog {
    ($lang:literal) => {
        [
            (
                "site.ftl",
                include_str!(concat!("../locales/", $lang, "/site.ftl")),
            ),
            (
                "article.ftl",
                include_str!(concat!("../locales/", $lang, "/article.ftl")),
            ),
            (
                "lists.ftl",
                include_str!(concat!("../locales/", $lang, "/lists.ftl")),
            ),
            (
                "search.ftl",
                include_str!(concat!("../locales/", $lang, "/search.ftl")),
            ),
            (
                "forms.ftl",
                include_str!(concat!("../locales/", $lang, "/forms.ftl")),
            ),
            (
                "errors.ftl",
                include_str!(concat!("../locales/", $lang, "/errors.ftl")),
            ),
            (
                "mail.ftl",
                include_str!(concat!("../locales/", $lang, "/mail.ftl")),
            ),
        ]
    };
}

/// Each language's catalog: (file name, its text).
pub fn sources(language: Language) -> [(&'static str, &'static str); 7] {
    match language {
        Language::Arabic => catalog!("ar"),
        Language::English => catalog!("en"),
        Language::Persian => catalog!("fa"),
    }
}

/// A message argument: text, or a number (which plural selectors read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(s))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(Cow::Owned(s))
    }
}

impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Arg::Text(s)
    }
}

macro_rules! number_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
        impl From<&$t> for Arg<'_> {
            fn from(n: &$t) -> Self {
                Arg::from(*n)
            }
        }
    )*};
}

number_args!(i16, i32, i64, u16, u32, u64, usize);

/// What templates pass as an argument: text or a number, by reference at any
/// depth (askama passes method arguments by reference).
pub trait ToArg {
    fn to_arg(&self) -> Arg<'_>;
}

impl ToArg for str {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self))
    }
}

impl ToArg for String {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self))
    }
}

impl ToArg for Cow<'_, str> {
    fn to_arg(&self) -> Arg<'_> {
        Arg::Text(Cow::Borrowed(self))
    }
}

impl ToArg for Arg<'_> {
    fn to_arg(&self) -> Arg<'_> {
        match self {
            Arg::Text(s) => Arg::Text(Cow::Borrowed(s)),
            Arg::Number(n) => Arg::Number(*n),
        }
    }
}

macro_rules! number_to_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg<'_> {
                Arg::from(*self)
            }
        }
    )*};
}

number_to_arg!(i16, i32, i64, u16, u32, u64, usize);

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg<'_> {
        (**self).to_arg()
    }
}

impl<'a> Arg<'a> {
    fn value(&self) -> FluentValue<'_> {
        match self {
            Arg::Text(s) => FluentValue::from(s.as_ref()),
            Arg::Number(n) => FluentValue::from(*n),
        }
    }
}

/// A message to be said later, in a language not yet known: its key and
/// arguments. What a use-case returns for a page to show (a form's refusal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg<'static>)>,
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message {
            key,
            args: Vec::new(),
        }
    }

    /// With one more argument.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg<'static>>) -> Message {
        self.args.push((name, value.into()));
        self
    }
}

impl From<&'static str> for Message {
    fn from(key: &'static str) -> Message {
        Message::new(key)
    }
}

/// One language's messages.
pub struct Texts {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

static TEXTS: LazyLock<[Texts; 3]> = LazyLock::new(|| Language::ALL.map(Texts::load));

impl Texts {
    /// The messages of `language`, parsed on first use.
    pub fn of(language: Language) -> &'static Texts {
        &TEXTS[language as usize]
    }

    fn load(language: Language) -> Texts {
        let id: unic_langid::LanguageIdentifier = language
            .code()
            .parse()
            .expect("a language code is a language identifier");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        for (file, source) in sources(language) {
            let resource = FluentResource::try_new(source.to_string())
                .unwrap_or_else(|(_, e)| panic!("locales/{language}/{file} does not parse: {e:?}"));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|e| panic!("locales/{language}/{file} repeats a message: {e:?}"));
        }
        Texts { language, bundle }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// For `<html lang>`: `ar`, `en`, `fa`.
    pub fn lang(&self) -> &'static str {
        self.language.code()
    }

    /// For `dir`: `rtl` or `ltr`.
    pub fn dir(&self) -> &'static str {
        self.language.dir()
    }

    /// Whether the catalog has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.bundle
            .get_message(key)
            .is_some_and(|m| m.value().is_some())
    }

    /// A message without arguments. A message of plain text is borrowed from
    /// the catalog, not copied. A key the catalog lacks (which the tests rule
    /// out) comes back as itself.
    pub fn get(&'static self, key: &str) -> Cow<'static, str> {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return Cow::Owned(key.to_string());
        };
        let mut errors = Vec::new();
        self.bundle.format_pattern(pattern, None, &mut errors)
    }

    /// A message with arguments: `t.args("list-tag", &[("name", tag.into())])`.
    pub fn args(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let Some(pattern) = self.bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_string();
        };
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value.value());
        }
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, Some(&fluent), &mut errors)
            .into_owned()
    }

    /// A message with one argument: `t.arg("comment-label", "name", c.name)`.
    pub fn arg(&self, key: &str, name: &str, value: impl ToArg) -> String {
        self.args(key, &[(name, value.to_arg())])
    }

    /// A message with two arguments (templates; code passes [`Texts::args`] a list).
    pub fn arg2(
        &self,
        key: &str,
        name1: &str,
        value1: impl ToArg,
        name2: &str,
        value2: impl ToArg,
    ) -> String {
        self.args(key, &[(name1, value1.to_arg()), (name2, value2.to_arg())])
    }

    /// A [`Message`] said in this language.
    pub fn message(&'static self, message: &Message) -> Cow<'static, str> {
        if message.args.is_empty() {
            self.get(message.key)
        } else {
            let args: Vec<(&str, Arg<'_>)> = message
                .args
                .iter()
                .map(|(name, value)| (*name, value.clone()))
                .collect();
            Cow::Owned(self.args(message.key, &args))
        }
    }

    /// A message formatted with `args`, and the errors Fluent reported (tests).
    pub fn format_checked(&self, key: &str, args: &[(&str, Arg<'_>)]) -> Result<String, String> {
        let pattern = self
            .bundle
            .get_message(key)
            .and_then(|m| m.value())
            .ok_or_else(|| format!("no message {key}"))?;
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent.set(*name, value.value());
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent), &mut errors)
            .into_owned();
        if errors.is_empty() {
            Ok(text)
        } else {
            Err(format!("{key}: {errors:?}"))
        }
    }
}

impl fmt::Debug for Texts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Texts")
            .field("language", &self.language)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_know_their_codes_and_directions() {
        for l in Language::ALL {
            assert_eq!(Language::from_code(l.code()), Some(l));
            assert_eq!(l.texts().language(), l);
        }
        assert_eq!(Language::from_code(" EN "), Some(Language::English));
        assert_eq!(Language::from_code("fr"), None);
        assert_eq!(Language::default(), Language::Arabic);
        assert_eq!(
            (
                Language::Arabic.dir(),
                Language::English.dir(),
                Language::Persian.dir()
            ),
            ("rtl", "ltr", "rtl")
        );
    }

    #[test]
    fn plain_messages_are_borrowed_and_arguments_are_not_isolated() {
        let t = Texts::of(Language::Arabic);
        assert!(matches!(
            t.get("article-print"),
            Cow::Borrowed("طباعة الخبر")
        ));
        assert_eq!(t.arg("list-tag", "name", "غزة"), "وسم: غزة");
        assert_eq!(t.get("no-such-message"), "no-such-message");
    }

    #[test]
    fn plurals_follow_each_language() {
        let ar = Texts::of(Language::Arabic);
        for (max, text) in [
            (80, "الاسم أطول من 80 حرفاً."),
            (300, "الاسم أطول من 300 حرف."),
            (5000, "الاسم أطول من 5000 حرف."),
            (3, "الاسم أطول من 3 أحرف."),
        ] {
            assert_eq!(
                ar.message(&Message::new("name-too-long").with("max", max)),
                text
            );
        }
        let en = Texts::of(Language::English);
        assert_eq!(en.arg("search-count", "count", 1), "1 result");
        assert_eq!(en.arg("search-count", "count", 12), "12 results");
    }
}
