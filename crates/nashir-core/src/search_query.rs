//! What a reader typed into the search box, understood.
//!
//! Words are required (all must match), `"quoted words"` must appear together,
//! and `-word` or `-"several words"` excludes articles. Anything else — stray
//! quotes, punctuation, bidi marks, emoji, megabytes of text — degrades to
//! fewer terms, never to an error.

use crate::analysis::tokenize;

/// Longest query text considered; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 256;
/// Most terms (words or phrases, required and excluded together) considered.
pub const MAX_TERMS: usize = 12;

/// One required or excluded unit: a single word or a phrase of several.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The text as typed (without quotes or minus), for analyzers of other kinds.
    pub raw: String,
    /// Normalized words, in order.
    pub words: Vec<String>,
}

impl Term {
    pub fn is_phrase(&self) -> bool {
        self.words.len() > 1
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    pub required: Vec<Term>,
    pub excluded: Vec<Term>,
}

impl SearchQuery {
    pub fn is_empty(&self) -> bool {
        self.required.is_empty()
    }

    /// Every normalized word the reader asked for (for highlighting).
    pub fn wanted_words(&self) -> impl Iterator<Item = &str> {
        self.required
            .iter()
            .flat_map(|t| t.words.iter().map(String::as_str))
    }
}

/// Parses a reader's query.
pub fn parse_query(input: &str) -> SearchQuery {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let mut query = SearchQuery::default();
    let mut rest = input.as_str();
    let mut terms = 0;
    while terms < MAX_TERMS {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let excluded = rest.starts_with('-') && rest.len() > 1;
        if excluded {
            rest = &rest[1..];
        }
        // A quote opens a phrase up to the next quote; an unbalanced quote runs to the end.
        let (text, phrase, next) = match rest.strip_prefix(['"', '«', '“']) {
            Some(inner) => match inner.find(['"', '»', '”']) {
                Some(end) => (
                    &inner[..end],
                    true,
                    &inner[end + inner[end..].chars().next().map_or(1, char::len_utf8)..],
                ),
                None => (inner, true, ""),
            },
            None => {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (&rest[..end], false, &rest[end..])
            }
        };
        rest = next;
        let words: Vec<String> = tokenize(text).into_iter().map(|t| t.normalized).collect();
        if words.is_empty() {
            continue;
        }
        // An unquoted chunk such as «النفط،الغاز» holds several words: each is its own term.
        let units: Vec<Term> = if phrase {
            vec![Term {
                raw: text.trim().to_string(),
                words,
            }]
        } else {
            tokenize(text)
                .into_iter()
                .map(|t| Term {
                    raw: text[t.start..t.end].to_string(),
                    words: vec![t.normalized],
                })
                .collect()
        };
        for unit in units {
            if terms == MAX_TERMS {
                break;
            }
            terms += 1;
            if excluded {
                query.excluded.push(unit);
            } else {
                query.required.push(unit);
            }
        }
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(terms: &[Term]) -> Vec<Vec<&str>> {
        terms
            .iter()
            .map(|t| t.words.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn words_phrases_and_exclusions() {
        let q = parse_query("نفط \"البنك المركزي\" -أوبك -\"سعر الصرف\"");
        assert_eq!(words(&q.required), [vec!["نفط"], vec!["البنك", "المركزي"]]);
        assert_eq!(words(&q.excluded), [vec!["اوبك"], vec!["سعر", "الصرف"]]);
        assert!(q.required[1].is_phrase());
    }

    #[test]
    fn arabic_quotes_and_punctuation() {
        let q = parse_query("«الأمن الغذائي»، النفط،الغاز");
        assert_eq!(q.required.len(), 3);
        assert_eq!(q.required[0].words, ["الامن", "الغذائي"]);
        assert_eq!(q.required[1].words, ["النفط"]);
        assert_eq!(q.required[2].words, ["الغاز"]);
    }

    #[test]
    fn odd_input_degrades_quietly() {
        for odd in [
            "",
            "   ",
            "\"",
            "\"\"",
            "-",
            "--",
            "- -",
            "!!!؟؟",
            "\u{202E}\u{2067}",
            "😀😀",
            "\"نفط",
        ] {
            let q = parse_query(odd);
            assert!(q.required.len() <= 1, "{odd}: {q:?}");
        }
        assert_eq!(parse_query("\"نفط").required[0].words, ["نفط"]);
        assert!(
            parse_query("-نفط").is_empty(),
            "exclusion alone asks for nothing"
        );
    }

    #[test]
    fn huge_queries_are_bounded() {
        let q = parse_query(&"كلمة ".repeat(5000));
        assert_eq!(q.required.len(), MAX_TERMS);
        let q = parse_query(&"ا".repeat(10_000));
        assert_eq!(q.required.len(), 1);
        assert!(q.required[0].words[0].chars().count() <= MAX_QUERY_CHARS);
    }
}
