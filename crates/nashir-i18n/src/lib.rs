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
            (
                "newsroom.ftl",
                include_str!(concat!("../locales/", $lang, "/newsroom.ftl")),
            ),
            (
                "api.ftl",
                include_str!(concat!("../locales/", $lang, "/api.ftl")),
            ),
        ]
    };
}

/// Each language's catalog: (file name, its text).
pub fn sources(language: Language) -> [(&'static str, &'static str); 9] {
    match language {
        Language::Arabic => catalog!("ar"),
        Language::English => catalog!("en"),
        Language::Persian => catalog!("fa"),
    }
}

/// A message argument: text, a number (which plural selectors read), or a
/// message said in the same language first (a refusal inside «row 3: …»).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    Number(i64),
    Said(Box<Message>),
    /// Items joined by the language's `list-separator`.
    List(Vec<String>),
}

impl From<Message> for Arg<'_> {
    fn from(m: Message) -> Self {
        Arg::Said(Box::new(m))
    }
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
            Arg::Said(m) => Arg::Said(m.clone()),
            Arg::List(items) => Arg::List(items.clone()),
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
    /// A message or a list argument is said by [`Texts::message`] first; here
    /// it is only its key, or its items.
    fn value(&self) -> FluentValue<'_> {
        match self {
            Arg::Text(s) => FluentValue::from(s.as_ref()),
            Arg::Number(n) => FluentValue::from(*n),
            Arg::Said(m) => FluentValue::from(m.key),
            Arg::List(items) => FluentValue::from(items.join(", ")),
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

/// For logs: the message in English.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Texts::of(Language::English).message(self))
    }
}

impl From<&'static str> for Message {
    fn from(key: &'static str) -> Message {
        Message::new(key)
    }
}

/// The language a request asks for in its `Accept-Language` header, among
/// Nashir's: the most preferred by quality (`q`), the first listed on a tie,
/// matched by primary subtag (`en-GB` is English). No header, none of ours, or a
/// header that does not parse: Arabic, the default.
pub fn negotiate(accept_language: Option<&str>) -> Language {
    accept_language
        .and_then(preferred)
        .flatten()
        .unwrap_or_default()
}

/// The preferred language of ours (`Some(None)`: none is acceptable), or `None`
/// for a header that does not parse.
fn preferred(header: &str) -> Option<Option<Language>> {
    let mut best: Option<(u16, Language)> = None;
    for item in header.split(',') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let mut parts = item.split(';');
        let tag = parts.next()?.trim();
        let subtags_ok = tag.len() <= 35
            && tag.split('-').all(|s| {
                (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
            });
        if !(tag == "*" || subtags_ok) {
            return None;
        }
        let mut quality = 1000;
        for parameter in parts {
            let (name, value) = parameter.split_once('=')?;
            if name.trim().eq_ignore_ascii_case("q") {
                quality = thousandths(value.trim())?;
            }
        }
        let primary = tag.split('-').next().unwrap_or(tag);
        if let Some(language) = Language::from_code(primary)
            && quality > 0
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, language));
        }
    }
    Some(best.map(|(_, language)| language))
}

/// A quality value (`0`, `0.5`, `1.000`) in thousandths; `None` if malformed.
fn thousandths(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{fraction:0<3}");
    match whole {
        "0" => digits.parse().ok(),
        "1" if digits == "000" => Some(1000),
        _ => None,
    }
}

/// One language's messages.
pub struct Texts {
    language: Language,
    bundle: FluentBundle<FluentResource>,
}

static TEXTS: LazyLock<[Texts; 3]> = LazyLock::new(|| Language::ALL.map(Texts::load));

/// Numbers in Persian text are written in Persian digits, decimals with the
/// Persian separator (۱۲, ۲٫۵): fluent-bundle writes Western digits in every
/// locale, so the Persian bundle formats its numbers here.
fn persian_number<M>(value: &FluentValue, _: &M) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    let western = n.as_string().replace('.', "٫");
    Some(nashir_core::arabic_date::text_in_digits('۰', &western))
}

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
        if language == Language::Persian {
            bundle.set_formatter(Some(persian_number));
        }
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
                .map(|(name, value)| match value {
                    Arg::Said(inner) => (*name, Arg::Text(self.message(inner))),
                    Arg::List(items) => (
                        *name,
                        Arg::Text(Cow::Owned(items.join(&*self.get("list-separator")))),
                    ),
                    other => (*name, other.clone()),
                })
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
    fn accept_language_picks_ours_by_quality() {
        let n = |h: &str| negotiate(Some(h));
        assert_eq!(negotiate(None), Language::Arabic);
        assert_eq!(n("en"), Language::English);
        assert_eq!(n("en-GB,en;q=0.9"), Language::English);
        assert_eq!(n("fr-FR, fa-IR;q=0.8, en;q=0.5"), Language::Persian);
        assert_eq!(n("en;q=0.4, fa;q=0.9"), Language::Persian);
        assert_eq!(n("en, fa"), Language::English);
        assert_eq!(n("fr, de"), Language::Arabic);
        assert_eq!(n("en;q=0, fa;q=0.001"), Language::Persian);
        assert_eq!(n("en;q=0"), Language::Arabic);
        assert_eq!(n("*"), Language::Arabic);
        // Malformed: the default.
        for bad in [
            "en;q=2",
            "en;q=abc",
            "en;q",
            "en us",
            "en;q=0.1234",
            "\u{e9}n",
            ";q=1",
        ] {
            assert_eq!(n(bad), Language::Arabic, "{bad}");
        }
    }

    #[test]
    fn a_message_displays_in_english_for_logs() {
        let m = Message::new("name-too-long").with("max", 80);
        assert_eq!(
            m.to_string(),
            Texts::of(Language::English).message(&m).into_owned()
        );
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

    #[test]
    fn persian_numbers_are_written_in_persian_digits_and_only_there() {
        let fa = Texts::of(Language::Persian);
        assert_eq!(fa.arg("search-count", "count", 1250), "تعداد نتایج: ۱۲۵۰");
        assert_eq!(fa.arg("search-page", "page", 3), "صفحه ۳");
        // Text arguments are the caller's: left as they are.
        assert_eq!(fa.arg("list-tag", "name", "G7"), "برچسب: G7");
        assert_eq!(
            persian_number(&FluentValue::from(2.5), &()),
            Some("۲٫۵".to_string())
        );
        let ar = Texts::of(Language::Arabic);
        assert_eq!(
            ar.message(&Message::new("name-too-long").with("max", 80)),
            "الاسم أطول من 80 حرفاً."
        );
        let en = Texts::of(Language::English);
        assert_eq!(en.arg("search-count", "count", 1250), "1250 results");
    }
}
