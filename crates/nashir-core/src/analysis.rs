//! Text analysis for Arabic search: tokenizing, normalizing and light stemming.
//!
//! The rules follow Lucene's `ArabicNormalizer` and `ArabicStemmer` (Larkey's light10),
//! with NFKC, Persian letters and digits folded first, so a reader finds a word
//! whatever hamza, harakat, ta marbuta, prefixes or digit forms they type.

use unicode_normalization::UnicodeNormalization;

use crate::text::{TATWEEL, fold_arabic, is_haraka};

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
    c.is_alphanumeric() || is_haraka(c) || c == TATWEEL || is_joiner(c) || is_mark(c)
}

/// Combining marks beyond the Arabic harakat (Quranic annotation signs and the like).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{06D6}'..='\u{06ED}' | '\u{0300}'..='\u{036F}')
}

/// Normalizes one word for matching: NFKC, [`fold_arabic`], lowercase, joiners and
/// combining marks dropped.
pub fn normalize_word(word: &str) -> String {
    let nfkc: String = word.nfkc().collect();
    fold_arabic(&nfkc)
        .chars()
        .filter(|&c| !is_joiner(c) && !is_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
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
    for part in normalized.split(|c: char| !c.is_alphanumeric()) {
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
pub fn light10(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if !chars.iter().any(|c| ('\u{0621}'..='\u{064A}').contains(c)) {
        return word.to_string();
    }
    for prefix in PREFIXES {
        let p: Vec<char> = prefix.chars().collect();
        // A lone و is only a prefix of words of four letters or more.
        let long_enough = if p.len() == 1 {
            chars.len() >= 4
        } else {
            chars.len() >= p.len() + 2
        };
        if long_enough && chars.starts_with(&p) {
            chars.drain(..p.len());
            break;
        }
    }
    for suffix in SUFFIXES {
        let s: Vec<char> = suffix.chars().collect();
        if chars.len() >= s.len() + 2 && chars.ends_with(&s) {
            chars.truncate(chars.len() - s.len());
        }
    }
    chars.into_iter().collect()
}

/// The stemmed terms of a text, in order.
pub fn stems(text: &str) -> Vec<String> {
    tokenize(text)
        .into_iter()
        .map(|t| light10(&t.normalized))
        .collect()
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
