//! Text analysis for Arabic search: tokenizing, normalizing and light stemming.
//!
//! The rules follow Lucene's `ArabicNormalizer` and `ArabicStemmer` (Larkey's light10),
//! with NFKC, Persian letters and digits folded first, so a reader finds a word
//! whatever hamza, harakat, ta marbuta, prefixes or digit forms they type.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::text::{TATWEEL, fold_char, is_haraka};

/// One word of a text: its byte range in the original and its normalized form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// NFKC, folded (`fold_arabic`), lowercased; never empty.
    pub normalized: String,
}

/// Zero-width joiners and non-joiners live inside Persian and Arabic words.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Letters, digits and the marks that sit on them make words; everything else
/// (spaces, punctuation, symbols, emoji, bidi controls) separates them.
fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || is_haraka(c) || c == TATWEEL || is_joiner(c) || is_mark(c)
}

/// `char::is_alphanumeric` with the common cases (ASCII, Arabic letters and digits)
/// answered without the Unicode tables, which dominate tokenizing otherwise.
fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0660}'..='\u{0669}').contains(&c) {
        true
    } else {
        c.is_alphanumeric()
    }
}

/// Combining marks beyond the Arabic harakat (Quranic annotation signs and the like).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}' | '\u{0300}'..='\u{036F}')
}

/// Normalizes one word for matching: NFKC, [`crate::text::fold_arabic`], lowercase,
/// joiners and combining marks dropped.
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut push = |c: char| {
        if let Some(c) = fold_char(c).filter(|&c| !is_joiner(c) && !is_mark(c)) {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if is_arabic_block(c) {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
        }
    };
    // Arabic letters, harakat and ASCII are already NFKC: most words skip the rewrite.
    if word.chars().all(|c| c.is_ascii() || is_arabic_block(c))
        || is_nfkc_quick(word.chars()) == IsNormalized::Yes
    {
        word.chars().for_each(&mut push);
    } else {
        word.nfkc().for_each(&mut push);
    }
    out
}

/// Letters and marks U+0621–U+065F: unchanged by NFKC and by lowercasing.
fn is_arabic_block(c: char) -> bool {
    ('\u{0621}'..='\u{065F}').contains(&c)
}

/// Splits `text` into words with their byte offsets. A word whose NFKC form is
/// several words (a ligature such as ﷺ) yields each of them at the same offsets.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                push_word(&mut tokens, s, i, &text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    tokens
}

fn push_word(tokens: &mut Vec<Token>, start: usize, end: usize, word: &str) {
    let normalized = normalize_word(word);
    if normalized.chars().all(is_alphanumeric) {
        if !normalized.is_empty() {
            tokens.push(Token {
                start,
                end,
                normalized,
            });
        }
        return;
    }
    for part in normalized.split(|c: char| !is_alphanumeric(c)) {
        if !part.is_empty() {
            tokens.push(Token {
                start,
                end,
                normalized: part.to_string(),
            });
        }
    }
}

const PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
const SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// Larkey's light10 stemmer on a normalized word, as Lucene's `ArabicStemmer` does it:
/// at most one prefix, then each suffix in turn, never leaving fewer than two letters.
/// Words that are not Arabic pass through unchanged.
pub fn light10(word: &str) -> &str {
    if !word.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
        return word;
    }
    let mut stem = word;
    let mut len = word.chars().count();
    for prefix in PREFIXES {
        let p = prefix.chars().count();
        // A lone و is only a prefix of words of four letters or more.
        let long_enough = if p == 1 { len >= 4 } else { len >= p + 2 };
        if long_enough && let Some(rest) = stem.strip_prefix(prefix) {
            stem = rest;
            len -= p;
            break;
        }
    }
    for suffix in SUFFIXES {
        let n = suffix.chars().count();
        if len >= n + 2
            && let Some(rest) = stem.strip_suffix(suffix)
        {
            stem = rest;
            len -= n;
        }
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.normalized).collect()
    }

    #[test]
    fn vocalized_words_stay_whole() {
        assert_eq!(words("الاقْتِصَادُ العَرَبِيُّ"), ["الاقتصاد", "العربي"]);
        let t = tokenize("قالَ: «الحكومةُ»");
        assert_eq!(t.len(), 2);
        assert_eq!(&"قالَ: «الحكومةُ»"[t[1].start..t[1].end], "الحكومةُ");
    }

    #[test]
    fn normalizes_like_the_spec() {
        assert_eq!(
            words("إنتخابات أزمة آمال ٱلله"),
            ["انتخابات", "ازمه", "امال", "الله"]
        );
        assert_eq!(words("مستشفى الاقتصـــاد"), ["مستشفي", "الاقتصاد"]);
        assert_eq!(words("کتاب یک ۳۰۰ ٢٠٢٤"), ["كتاب", "يك", "300", "2024"]);
        assert_eq!(words("OPEC ChatGPT"), ["opec", "chatgpt"]);
        // NFKC: presentation forms become plain letters.
        assert_eq!(words("ﻻ ﺍﻟﻌﺮﺏ"), ["لا", "العرب"]);
        // Persian zero-width non-joiner inside a word.
        assert_eq!(words("می\u{200C}خواهم"), ["ميخواهم"]);
    }

    #[test]
    fn separators_and_oddities() {
        assert_eq!(words("  ،؛؟!... \"\" -- "), Vec::<String>::new());
        assert_eq!(words("سلام😀عليكم"), ["سلام", "عليكم"]);
        assert_eq!(words("a\u{202E}b"), ["a", "b"]);
    }

    #[test]
    fn light10_strips_prefixes_and_suffixes() {
        for (word, stem) in [
            ("الحكومه", "حكوم"),
            ("والنفط", "نفط"),
            ("بالمدارس", "مدارس"),
            ("للطلاب", "طلاب"),
            ("فالحكومه", "حكوم"),
            ("كالبحر", "بحر"),
            ("وزير", "زير"),
            ("ولد", "ولد"),
            ("الانتخابات", "انتخاب"),
            ("المعلمين", "معلم"),
            ("اللاعبون", "لاعب"),
            ("مدرستها", "مدرست"),
            ("opec", "opec"),
            ("2024", "2024"),
        ] {
            assert_eq!(light10(word), stem, "{word}");
        }
    }

    #[test]
    fn light10_keeps_two_letters() {
        assert_eq!(light10("ال"), "ال");
        assert_eq!(light10("الي"), "ال");
        assert_eq!(light10("وه"), "وه");
    }
}
