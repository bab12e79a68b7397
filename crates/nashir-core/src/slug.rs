//! Readable Arabic slugs and the canonical article URL.

use crate::article::ArticleId;
use crate::language::Language;
use crate::text::{TATWEEL, is_haraka, is_invisible_format};

pub const MAX_SLUG_WORDS: usize = 8;
pub const MAX_SLUG_CHARS: usize = 80;

/// `العراق والتعاون العسكري مع روسيا: محاولةٌ لبناء…` → `العراق-والتعاون-العسكري-مع-روسيا`.
///
/// A headline of the form «topic: detail» is slugged by its topic (when the topic has
/// two words or more), which keeps URLs short and stable across edits of the detail.
/// Letters keep their spelling (hamza included) so the URL reads as the headline;
/// harakat, tatweel and punctuation go.
pub fn slugify_title(title: &str) -> String {
    let topic = title
        .split_once([':', '：'])
        .map(|(topic, _)| topic)
        .filter(|topic| topic.split_whitespace().count() >= 2)
        .unwrap_or(title);
    let slug = slugify(topic);
    if slug.is_empty() {
        "article".into()
    } else {
        slug
    }
}

/// Lowercased words of letters and digits joined by `-`, at most
/// [`MAX_SLUG_WORDS`] words and about [`MAX_SLUG_CHARS`] characters.
pub fn slugify(text: &str) -> String {
    let cleaned = words(text);
    let mut slug = String::new();
    for word in cleaned.split_whitespace().take(MAX_SLUG_WORDS) {
        if !slug.is_empty() && slug.chars().count() + word.chars().count() >= MAX_SLUG_CHARS {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    slug.chars().take(MAX_SLUG_CHARS).collect()
}

/// Letters and digits, lowercased, without harakat, tatweel or invisible
/// characters; anything else a space.
fn words(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_haraka(c) && c != TATWEEL && !is_invisible_format(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A slug typed by hand, cleaned by [`slugify`]'s rules (`Gaza Talks 2025` →
/// `gaza-talks-2025`); none when nothing is left of it, or when those rules would
/// cut it short (more than [`MAX_SLUG_WORDS`] words or about [`MAX_SLUG_CHARS`]
/// characters): a chosen address is kept whole or refused, never shortened.
pub fn custom(text: &str) -> Option<String> {
    let whole = words(text).split_whitespace().collect::<Vec<_>>().join("-");
    let slug = slugify(text);
    (!slug.is_empty() && slug == whole).then_some(slug)
}

/// The canonical path as readers see it, under its edition's prefix:
/// `/ar/news/1/العراق-والتعاون-العسكري-مع-روسيا`.
pub fn article_path(language: Language, id: ArticleId, slug: &str) -> String {
    format!("/{language}/news/{id}/{slug}")
}

/// The same path percent-encoded for `href` and `Location` headers.
pub fn article_href(language: Language, id: ArticleId, slug: &str) -> String {
    format!("/{language}/news/{id}/{}", percent_encode_segment(slug))
}

/// Encodes everything but RFC 3986 unreserved characters.
pub fn percent_encode_segment(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_headline_slugs_by_topic() {
        let title = "العراق والتعاون العسكري مع روسيا: محاولةٌ لبناء توازنٍ في السياسة الخارجية إقليمياً ودولياً";
        assert_eq!(slugify_title(title), "العراق-والتعاون-العسكري-مع-روسيا");
    }

    #[test]
    fn drops_marks_and_punctuation_keeps_hamza() {
        assert_eq!(
            slugify("محاولةٌ لبناءِ «توازنٍ»، إقليمياً!"),
            "محاولة-لبناء-توازن-إقليميا"
        );
        assert_eq!(slugify("Nashir 2.0 — ناشر"), "nashir-2-0-ناشر");
    }

    #[test]
    fn one_word_topic_uses_whole_title() {
        assert_eq!(slugify_title("عاجل: زلزال في تركيا"), "عاجل-زلزال-في-تركيا");
    }

    #[test]
    fn never_empty_and_bounded() {
        assert_eq!(slugify_title("!!! ؟؟؟"), "article");
        let long = "كلمة ".repeat(100);
        let slug = slugify_title(&long);
        assert_eq!(slug.split('-').count(), MAX_SLUG_WORDS);
        assert!(slugify(&"ا".repeat(500)).chars().count() <= MAX_SLUG_CHARS);
    }

    #[test]
    fn a_chosen_slug_is_cleaned_or_refused_never_cut() {
        assert_eq!(
            custom(" Gaza Talks 2025 ").as_deref(),
            Some("gaza-talks-2025")
        );
        assert_eq!(custom("مفاوضاتُ «غزة»").as_deref(), Some("مفاوضات-غزة"));
        assert_eq!(custom("already-a-slug").as_deref(), Some("already-a-slug"));
        assert_eq!(custom("!!! ؟؟؟"), None);
        assert_eq!(custom(""), None);
        assert_eq!(custom(&"كلمة ".repeat(MAX_SLUG_WORDS + 1)), None);
        assert_eq!(custom(&"ا".repeat(MAX_SLUG_CHARS + 1)), None);
    }

    #[test]
    fn bidi_controls_never_reach_a_slug() {
        assert_eq!(slugify("abc\u{202E}def ghi"), "abcdef-ghi");
    }

    #[test]
    fn href_is_percent_encoded() {
        assert_eq!(
            article_href(Language::Arabic, ArticleId(7), "مع-روسيا"),
            "/ar/news/7/%D9%85%D8%B9-%D8%B1%D9%88%D8%B3%D9%8A%D8%A7"
        );
        assert_eq!(
            article_href(Language::English, ArticleId(7), "cairo-metro"),
            "/en/news/7/cairo-metro"
        );
    }
}
