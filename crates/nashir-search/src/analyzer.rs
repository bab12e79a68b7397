//! Analyzers: Nashir's Arabic one, and three others kept for measuring against it;
//! and the English and Persian editions' ones.

use std::cell::RefCell;
use std::collections::HashMap;

use nashir_core::analysis::{light10, tokenize};
use nashir_core::language::Language as Edition;
use nashir_core::{clitics, english, persian};
use tantivy::tokenizer::{
    Language, LowerCaser, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer, WhitespaceTokenizer,
};

/// Longer "words" (URLs, base64, keyboard mashing) are not worth indexing.
const MAX_TOKEN_BYTES: usize = 120;

/// Words from [`nashir_core::analysis::tokenize`], normalized and optionally
/// light10-stemmed, with their offsets in the original text. With `bases`, the
/// stems of a word's bases ([`clitics::bases`]: بمصر → مصر, حكومتها → حكومة) follow
/// it at the same position.
#[derive(Clone, Default)]
pub struct ArabicTokenizer {
    stem: bool,
    bases: bool,
}

impl ArabicTokenizer {
    pub fn exact() -> Self {
        ArabicTokenizer::default()
    }

    pub fn light10() -> Self {
        ArabicTokenizer {
            stem: true,
            bases: false,
        }
    }

    pub fn light10_with_bases() -> Self {
        ArabicTokenizer {
            stem: true,
            bases: true,
        }
    }
}

/// Words repeat (Zipf), so each thread remembers the stems of the bases it found;
/// the memory is dropped whole when it fills.
const REMEMBERED_WORDS: usize = 50_000;

thread_local! {
    static BASE_STEMS: RefCell<HashMap<String, Vec<String>>> = RefCell::new(HashMap::new());
}

/// The light10 stems of a normalized word's bases, without `stem` itself.
pub fn base_stems(word: &str, stem: &str) -> Vec<String> {
    BASE_STEMS.with_borrow_mut(|memo| {
        if let Some(found) = memo.get(word) {
            return found.clone();
        }
        let mut stems: Vec<String> = Vec::new();
        for base in clitics::bases(word) {
            let s = light10(&base);
            if s != stem && !stems.iter().any(|x| x == s) {
                stems.push(s.to_string());
            }
        }
        if memo.len() >= REMEMBERED_WORDS {
            memo.clear();
        }
        memo.insert(word.to_string(), stems.clone());
        stems
    })
}

pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The one loop of all the tokenizers: each word (its offsets and normalized
/// form from `word`) gets the terms `terms` pushes at the word's position and
/// offsets. Pushing none leaves the word out with its position still taken, so
/// phrases keep their gaps; giant words are skipped whole.
fn token_stream<W>(
    words: Vec<W>,
    word: fn(&W) -> (usize, usize, &str),
    mut terms: impl FnMut(W, &mut Vec<String>),
) -> VecTokenStream {
    let mut tokens = Vec::with_capacity(words.len());
    // Reused across words: no allocation per word for the list itself.
    let mut texts = Vec::new();
    let words = words
        .into_iter()
        .filter(|w| word(w).2.len() <= MAX_TOKEN_BYTES);
    for (position, w) in words.enumerate() {
        let (offset_from, offset_to, _) = word(&w);
        terms(w, &mut texts);
        tokens.extend(texts.drain(..).map(|text| Token {
            offset_from,
            offset_to,
            position,
            text,
            position_length: 1,
        }));
    }
    VecTokenStream { tokens, next: 0 }
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let Self { stem, bases } = *self;
        let words = tokenize(text);
        token_stream(
            words,
            |t| (t.start, t.end, &t.normalized),
            |t, terms| {
                if !stem {
                    terms.push(t.normalized);
                    return;
                }
                let s = light10(&t.normalized);
                terms.push(s.to_string());
                if bases {
                    terms.extend(base_stems(&t.normalized, s));
                }
            },
        )
    }
}

/// How text is turned into terms: each index has an exact and a stemmed analyzer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Analysis {
    /// Normalized words, and their light10 stems together with the stems of their
    /// bases (proclitic, pronoun or hamza seat; what Nashir uses).
    Bases,
    /// Normalized words, and normalized words light10-stemmed (Nashir until the
    /// bases came).
    Light10,
    /// Normalized words, and normalized words through Snowball's Arabic stemmer.
    Snowball,
    /// Whitespace-split lowercased words in both fields: what a search engine
    /// without Arabic support does (the baseline we measure against).
    Whitespace,
}

pub const EXACT: &str = "nashir_exact";
pub const STEMMED: &str = "nashir_stemmed";
const ENGLISH_EXACT: &str = "nashir_en_exact";
const ENGLISH_STEMMED: &str = "nashir_en_stemmed";
const PERSIAN_EXACT: &str = "nashir_fa_exact";
const PERSIAN_STEMMED: &str = "nashir_fa_stemmed";

/// The names of an edition's exact and stemmed analyzers (Arabic's are those
/// [`Analysis::analyzers`] registers).
pub fn analyzer_names(edition: Edition) -> (&'static str, &'static str) {
    match edition {
        Edition::Arabic => (EXACT, STEMMED),
        Edition::English => (ENGLISH_EXACT, ENGLISH_STEMMED),
        Edition::Persian => (PERSIAN_EXACT, PERSIAN_STEMMED),
    }
}

/// The English and Persian editions' analyzers: [`EditionTokenizer`], exact
/// and stemmed.
pub fn edition_analyzers() -> [(&'static str, TextAnalyzer); 4] {
    let analyzer = |edition, stem| TextAnalyzer::from(EditionTokenizer { edition, stem });
    [
        (ENGLISH_EXACT, analyzer(Edition::English, false)),
        (ENGLISH_STEMMED, analyzer(Edition::English, true)),
        (PERSIAN_EXACT, analyzer(Edition::Persian, false)),
        (PERSIAN_STEMMED, analyzer(Edition::Persian, true)),
    ]
}

/// The English or the Persian edition's words. English: [`english::tokenize`],
/// lowercased and folded to ASCII; stemmed, [`english::stemmed_term`] (Snowball
/// English). Persian: [`persian::tokenize`], a word's ZWNJ, joined and spaced
/// spellings made one, folded; stemmed, [`persian::stemmed_terms`] (light stems,
/// a plural in ات followed at the same position by its singular in ه). Stemmed,
/// stop words are left out, their positions kept. The highlighter matches with
/// the same functions.
#[derive(Clone, Copy)]
pub struct EditionTokenizer {
    /// English or Persian (Arabic has [`ArabicTokenizer`]; here it reads as English).
    edition: Edition,
    stem: bool,
}

impl Tokenizer for EditionTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let stem = self.stem;
        if self.edition == Edition::Persian {
            let words = persian::tokenize(text);
            return token_stream(
                words,
                |t| (t.start, t.end, &t.normalized),
                |t, terms| match stem {
                    false => terms.push(t.normalized),
                    true => terms.extend(persian::stemmed_terms(&t.normalized, &t.joins)),
                },
            );
        }
        let words = english::tokenize(text);
        token_stream(
            words,
            |t| (t.start, t.end, &t.normalized),
            |t, terms| match stem {
                false => terms.push(t.normalized),
                true => terms.extend(english::stemmed_term(&t.normalized)),
            },
        )
    }
}

impl Analysis {
    pub fn analyzers(self) -> [(&'static str, TextAnalyzer); 2] {
        match self {
            Analysis::Bases => [
                (EXACT, TextAnalyzer::from(ArabicTokenizer::exact())),
                (
                    STEMMED,
                    TextAnalyzer::from(ArabicTokenizer::light10_with_bases()),
                ),
            ],
            Analysis::Light10 => [
                (EXACT, TextAnalyzer::from(ArabicTokenizer::exact())),
                (STEMMED, TextAnalyzer::from(ArabicTokenizer::light10())),
            ],
            Analysis::Snowball => [
                (EXACT, TextAnalyzer::from(ArabicTokenizer::exact())),
                (
                    STEMMED,
                    TextAnalyzer::builder(ArabicTokenizer::exact())
                        .filter(Stemmer::new(Language::Arabic))
                        .build(),
                ),
            ],
            Analysis::Whitespace => {
                let plain = || {
                    TextAnalyzer::builder(WhitespaceTokenizer::default())
                        .filter(LowerCaser)
                        .build()
                };
                [(EXACT, plain()), (STEMMED, plain())]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(mut analyzer: TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn exact_and_stemmed_terms() {
        let [(_, exact), (_, stemmed)] = Analysis::Light10.analyzers();
        assert_eq!(terms(exact, "والحكومةُ أعلنت"), ["والحكومه", "اعلنت"]);
        assert_eq!(terms(stemmed, "والحكومةُ أعلنت"), ["حكوم", "اعلنت"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let mut t = ArabicTokenizer::exact();
        let text = "قال: الحكومةُ";
        let mut stream = t.token_stream(text);
        assert!(stream.advance());
        assert!(stream.advance());
        let tok = stream.token();
        assert_eq!(&text[tok.offset_from..tok.offset_to], "الحكومةُ");
        assert_eq!(tok.position, 1);
        assert!(!stream.advance());
    }

    fn edition(name: &str) -> TextAnalyzer {
        edition_analyzers()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a)
            .unwrap()
    }

    #[test]
    fn english_exact_and_stemmed_terms() {
        let text = "The Ministers’ elections in São Paulo were running";
        assert_eq!(
            terms(edition(ENGLISH_EXACT), text),
            [
                "the",
                "ministers",
                "elections",
                "in",
                "sao",
                "paulo",
                "were",
                "running"
            ]
        );
        assert_eq!(
            terms(edition(ENGLISH_STEMMED), text),
            ["minist", "elect", "sao", "paulo", "run"]
        );
        assert_eq!(terms(edition(ENGLISH_STEMMED), "Iran's"), ["iran"]);
        assert_eq!(terms(edition(ENGLISH_EXACT), "Iran’s"), ["iran", "s"]);
    }

    #[test]
    fn english_stop_words_keep_their_positions() {
        let mut analyzer = edition(ENGLISH_STEMMED);
        let mut stream = analyzer.token_stream("bank of england");
        let mut positions = Vec::new();
        while let Some(t) = stream.next() {
            positions.push((t.text.clone(), t.position));
        }
        assert_eq!(positions, [("bank".into(), 0), ("england".into(), 2)]);
    }

    #[test]
    fn persian_exact_and_stemmed_terms() {
        let text = "کتاب‌های دانشگاه در مذاکرات";
        assert_eq!(
            terms(edition(PERSIAN_EXACT), text),
            ["کتابهای", "دانشگاه", "در", "مذاکرات"]
        );
        assert_eq!(
            terms(edition(PERSIAN_STEMMED), text),
            ["کتاب", "دانشگاه", "مذاکر", "مذاکره"]
        );
        for spelling in ["می‌روند", "میروند", "مي روند"] {
            assert_eq!(terms(edition(PERSIAN_EXACT), spelling), ["میروند"]);
        }
    }

    #[test]
    fn giant_words_are_skipped() {
        let [(_, exact), _] = Analysis::Light10.analyzers();
        let text = format!("قصير {}", "ا".repeat(10_000));
        assert_eq!(terms(exact, &text), ["قصير"]);
    }
}
