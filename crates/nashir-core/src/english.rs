//! Text analysis for English search: Unicode-aware tokenizing, lowercasing and
//! folding to ASCII, and the stemmed field's terms (Snowball English, without
//! stop words), which the index and the highlighter both take from here.

use unicode_normalization::UnicodeNormalization;

/// One word of a text: its byte range in the original and its normalized form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// Lowercased, folded to ASCII where a letter has an ASCII base (`café` →
    /// cafe), digits of every script as `0-9`; never empty.
    pub normalized: String,
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{20D0}'..='\u{20FF}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Letters that do not decompose to an ASCII letter and a mark.
fn fold_special(c: char, out: &mut String) -> bool {
    let folded = match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        _ => return false,
    };
    out.push_str(folded);
    true
}

/// Arabic-Indic and Persian digits as ASCII ones (others go through NFKD).
fn script_digit(c: char) -> Option<char> {
    match c {
        '٠'..='٩' => Some(char::from(b'0' + (c as u32 - '٠' as u32) as u8)),
        '۰'..='۹' => Some(char::from(b'0' + (c as u32 - '۰' as u32) as u8)),
        _ => None,
    }
}

/// Normalizes one word: lowercase, accents off (NFKD, marks dropped), a few
/// letters spelt out (ß → ss), digits of any script as ASCII.
pub fn normalize_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if let Some(d) = script_digit(c) {
            out.push(d);
            continue;
        }
        for lower in c.to_lowercase() {
            if fold_special(lower, &mut out) {
                continue;
            }
            for d in std::iter::once(lower).nfkd() {
                if !is_mark(d) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// Splits `text` into words with their byte offsets: runs of letters and digits
/// (any script). An apostrophe splits a word as the reader's query splits it
/// (`Iran's` is `iran` and `s`, [`STOP_WORDS`] has the `s`).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                push(&mut tokens, s, i, &text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        push(&mut tokens, s, text.len(), &text[s..]);
    }
    tokens
}

fn push(tokens: &mut Vec<Token>, start: usize, end: usize, word: &str) {
    let normalized = normalize_word(word);
    if normalized.chars().any(char::is_alphanumeric) {
        tokens.push(Token {
            start,
            end,
            normalized,
        });
    }
}

/// English function words (Lucene's list and a few more, with what an apostrophe
/// leaves of `'s`, `n't`, `'ll`, `'re`, `'ve`, `'d`, `'m`), left out of the stemmed
/// field only: the exact field keeps them, so a quoted phrase such as "the bank
/// of england" still finds them.
pub const STOP_WORDS: [&str; 49] = [
    "s", "t", "ll", "re", "ve", "d", "m", "a", "an", "and", "are", "as", "at", "be", "been", "but",
    "by", "for", "from", "had", "has", "have", "he", "if", "in", "into", "is", "it", "its", "no",
    "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they",
    "this", "to", "was", "were", "which", "will", "with",
];

/// Whether a normalized word is a stop word.
pub fn is_stop_word(normalized: &str) -> bool {
    STOP_WORDS.contains(&normalized)
}

/// The stemmed field's term for a normalized word: its Snowball English stem
/// (the stemmer tantivy runs), `None` for a stop word. The index and the
/// highlighter both call this, so a marked word is always one that matched.
pub fn stemmed_term(normalized: &str) -> Option<String> {
    if is_stop_word(normalized) {
        return None;
    }
    let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
    Some(stemmer.stem(normalized).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.normalized).collect()
    }

    #[test]
    fn lowercases_and_folds_to_ascii() {
        assert_eq!(
            words("The Café in São Paulo, Straße"),
            ["the", "cafe", "in", "sao", "paulo", "strasse"]
        );
        assert_eq!(
            words("OPEC+ cuts ٢٠٢٥ ۳۰۰"),
            ["opec", "cuts", "2025", "300"]
        );
        assert_eq!(words("naïve ﬁnance"), ["naive", "finance"]);
    }

    #[test]
    fn apostrophes_split_words_as_queries_do() {
        assert_eq!(
            words("Iran’s 'big' don't"),
            ["iran", "s", "big", "don", "t"]
        );
        let text = "Cairo’s metro";
        let t = tokenize(text);
        assert_eq!(&text[t[0].start..t[0].end], "Cairo");
    }

    #[test]
    fn hyphens_and_punctuation_split() {
        assert_eq!(
            words("well-known (U.S.) e-mail; 2,000"),
            ["well", "known", "u", "s", "e", "mail", "2", "000"]
        );
        assert_eq!(words("  ... -- ''"), Vec::<String>::new());
        assert_eq!(words("x’"), ["x"]);
    }

    #[test]
    fn stop_words() {
        assert!(is_stop_word("the") && is_stop_word("of"));
        assert!(!is_stop_word("bank"));
    }

    #[test]
    fn stemmed_terms() {
        let stem = |w: &str| stemmed_term(&normalize_word(w));
        for word in ["running", "runs", "run", "Run"] {
            assert_eq!(stem(word).as_deref(), Some("run"), "{word}");
        }
        assert_eq!(stem("ran").as_deref(), Some("ran"));
        assert_eq!(stem("Elections").as_deref(), Some("elect"));
        assert_eq!(stem("Café"), stem("cafe"));
        assert_eq!(stem("The"), None);
    }
}
