//! Snippets with the reader's words marked in the original (unnormalized) text,
//! matched as each edition's search matches them.

use crate::analysis::{light10, tokenize};
use crate::clitics::bases;
use crate::language::Language;
use crate::search_query::SearchQuery;
use crate::{english, persian};

/// A piece of text, marked when it is one of the words searched for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub marked: bool,
}

/// Matches a text's words against the query's words as search matches them. In
/// Arabic: by normalized form, by stem, or through their bases (بمصر for مصر,
/// حكومتها for الحكومة). In English and Persian: by the exact field's form or the
/// stemmed field's terms, both from the edition's own analysis ([`english`],
/// [`persian`]), the functions the index runs.
pub struct Highlighter {
    language: Language,
    /// Normalized wanted words (outside Arabic, a stop word only when the query
    /// has nothing else, as search requires it only then).
    words: Vec<String>,
    /// Arabic: the light10 stems of the words and of their bases. Elsewhere: the
    /// words' stemmed-field terms.
    stems: Vec<String>,
}

/// A word of the text: its byte range in the original and whether it is marked.
struct Span {
    start: usize,
    end: usize,
    hit: bool,
}

/// A word as an edition other than Arabic indexes it: its byte range, its
/// exact-field form and its stemmed-field terms (none for a stop word).
struct EditionWord {
    start: usize,
    end: usize,
    normalized: String,
    stems: Vec<String>,
}

fn edition_words(language: Language, text: &str) -> Vec<EditionWord> {
    match language {
        Language::Persian => persian::tokenize(text)
            .into_iter()
            .map(|t| EditionWord {
                stems: persian::stemmed_terms(&t.normalized, &t.joins).collect(),
                start: t.start,
                end: t.end,
                normalized: t.normalized,
            })
            .collect(),
        // Arabic is not read here ([`Highlighter::new`]); English's analysis
        // stands in so the match is total.
        Language::English | Language::Arabic => english::tokenize(text)
            .into_iter()
            .map(|t| EditionWord {
                stems: english::stemmed_term(&t.normalized).into_iter().collect(),
                start: t.start,
                end: t.end,
                normalized: t.normalized,
            })
            .collect(),
    }
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

impl Highlighter {
    /// An Arabic highlighter for normalized words ([`crate::analysis`]).
    pub fn new<'a>(wanted: impl IntoIterator<Item = &'a str>) -> Highlighter {
        let words: Vec<String> = wanted.into_iter().map(str::to_string).collect();
        let mut stems: Vec<String> = Vec::new();
        for word in &words {
            let forms = std::iter::once(word.clone()).chain(bases(word));
            for stem in forms.map(|f| light10(&f).to_string()) {
                push_new(&mut stems, stem);
            }
        }
        Highlighter {
            language: Language::Arabic,
            words,
            stems,
        }
    }

    /// A highlighter for a query in an edition's language.
    pub fn for_query(query: &SearchQuery, language: Language) -> Highlighter {
        if language == Language::Arabic {
            return Highlighter::new(query.wanted_words());
        }
        // Search analyzes the text as typed, not the Arabic-normalized words, and
        // joins a Persian affix typed apart (`کتاب ها`) to its word: so does this.
        let typed: Vec<&str> = query.required.iter().map(|t| t.raw.as_str()).collect();
        let wanted = edition_words(language, &typed.join(" "));
        let only_stop_words = wanted.iter().all(|w| w.stems.is_empty());
        let (mut words, mut stems) = (Vec::new(), Vec::new());
        for word in wanted {
            if word.stems.is_empty() && !only_stop_words {
                continue;
            }
            push_new(&mut words, word.normalized);
            for stem in word.stems {
                push_new(&mut stems, stem);
            }
        }
        Highlighter {
            language,
            words,
            stems,
        }
    }

    fn matches_arabic(&self, normalized: &str) -> bool {
        if self.words.iter().any(|w| w == normalized) {
            return true;
        }
        let stem = light10(normalized);
        if self.stems.iter().any(|s| s == stem) {
            return true;
        }
        // Through a base: the word list is read only for words holding a wanted stem
        // of three letters or more (a base has at least three).
        self.stems
            .iter()
            .any(|s| s.chars().nth(2).is_some() && normalized.contains(s.as_str()))
            && bases(normalized)
                .iter()
                .any(|b| self.stems.iter().any(|s| s == light10(b)))
    }

    /// The words of `text`, each marked or not.
    fn spans(&self, text: &str) -> Vec<Span> {
        if self.language == Language::Arabic {
            return tokenize(text)
                .into_iter()
                .map(|t| Span {
                    start: t.start,
                    end: t.end,
                    hit: self.matches_arabic(&t.normalized),
                })
                .collect();
        }
        edition_words(self.language, text)
            .into_iter()
            .map(|w| Span {
                start: w.start,
                end: w.end,
                hit: self.words.contains(&w.normalized)
                    || w.stems.iter().any(|s| self.stems.contains(s)),
            })
            .collect()
    }

    /// The whole text, split into marked and unmarked fragments.
    pub fn mark(&self, text: &str) -> Vec<Fragment> {
        fragments(text, &self.spans(text), 0, text.len())
    }

    /// About `max_words` words of `text` around its densest cluster of matches, with
    /// `…` where it was cut. Without matches, the opening words.
    pub fn snippet(&self, text: &str, max_words: usize) -> Vec<Fragment> {
        let spans = self.spans(text);
        if spans.is_empty() {
            return Vec::new();
        }
        let window = max_words.max(1).min(spans.len());
        // Slide a window over the words and keep the one holding the most matches.
        let mut count: usize = spans[..window].iter().filter(|s| s.hit).count();
        let (mut best, mut best_count) = (0, count);
        for start in 1..=spans.len() - window {
            count = count + usize::from(spans[start + window - 1].hit)
                - usize::from(spans[start - 1].hit);
            if count > best_count {
                (best, best_count) = (start, count);
            }
        }
        // Start a little before the first match so it has some context.
        let first_hit = (best..best + window)
            .find(|&i| spans[i].hit)
            .unwrap_or(best);
        let start = first_hit
            .saturating_sub(window / 4)
            .min(spans.len() - window);
        let end = start + window;
        let mut out = Vec::new();
        if start > 0 {
            out.push(plain("… "));
        }
        out.extend(fragments(
            text,
            &spans[start..end],
            spans[start].start,
            spans[end - 1].end,
        ));
        if end < spans.len() {
            out.push(plain(" …"));
        }
        out
    }
}

/// `text[from..to]` cut at the marked words.
fn fragments(text: &str, spans: &[Span], from: usize, to: usize) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut pos = from;
    for span in spans {
        if !span.hit || span.start < pos {
            continue;
        }
        if span.start > pos {
            out.push(plain(&text[pos..span.start]));
        }
        out.push(Fragment {
            text: text[span.start..span.end].to_string(),
            marked: true,
        });
        pos = span.end;
    }
    if pos < to {
        out.push(plain(&text[pos..to]));
    }
    out
}

fn plain(s: &str) -> Fragment {
    Fragment {
        text: s.to_string(),
        marked: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search_query::parse_query;

    fn render(fragments: &[Fragment]) -> String {
        fragments
            .iter()
            .map(|f| {
                if f.marked {
                    format!("[{}]", f.text)
                } else {
                    f.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_original_spelling_by_normalized_and_stemmed_match() {
        let h = Highlighter::new(["الحكومه", "نفط"]);
        assert_eq!(
            render(&h.mark("قالت الحكومةُ إن أسعار النفطِ والنفط ارتفعت")),
            "قالت [الحكومةُ] إن أسعار [النفطِ] [والنفط] ارتفعت"
        );
    }

    #[test]
    fn marks_words_found_through_their_bases_both_ways() {
        let h = Highlighter::new(["مصر", "حكومتها", "مسوول"]);
        assert_eq!(
            render(&h.mark("زار بمصر مسؤول من الحكومة، لا من بلاد أخرى")),
            "زار [بمصر] [مسؤول] من [الحكومة]، لا من بلاد أخرى"
        );
        // A word that only contains a wanted one is not marked.
        let h = Highlighter::new(["لاد"]);
        assert_eq!(render(&h.mark("بلاد")), "بلاد");
    }

    #[test]
    fn snippet_centres_on_matches() {
        let text = format!("{} النفط يرتفع {}", "كلمة ".repeat(50), "أخرى ".repeat(50));
        let h = Highlighter::new(["نفط"]);
        let s = render(&h.snippet(&text, 10));
        assert!(s.starts_with("… "), "{s}");
        assert!(s.ends_with(" …"), "{s}");
        assert!(s.contains("[النفط]"), "{s}");
        assert_eq!(s.split_whitespace().count(), 12, "{s}");
    }

    /// Each case's text marked for its query in `language` (a case: query, text,
    /// the text with its marked words in brackets), checking that the fragments
    /// are the text itself, cut at char boundaries.
    fn check(language: Language, cases: &[(&str, &str, &str)]) {
        for &(query, text, expected) in cases {
            let h = Highlighter::for_query(&parse_query(query), language);
            let fragments = h.mark(text);
            let whole: String = fragments.iter().map(|f| f.text.as_str()).collect();
            assert_eq!(whole, text);
            assert_eq!(render(&fragments), expected, "{query}");
        }
    }

    #[test]
    fn arabic_queries_mark_as_before() {
        let text = "زار بمصر مسؤول من الحكومة، لا من بلاد أخرى";
        let old = Highlighter::new(["مصر", "حكومتها", "مسوول"]);
        let expected = render(&old.mark(text));
        check(Language::Arabic, &[("مصر حكومتها مسؤول", text, &expected)]);
    }

    #[test]
    fn english_marks_what_the_stemmer_joins() {
        check(
            Language::English,
            &[
                (
                    "running",
                    "Running late, she runs; they ran to the run-off, the runner said",
                    "[Running] late, she [runs]; they ran to the [run]-off, the runner said",
                ),
                (
                    "Cafe",
                    "The café, two CAFÉS and a cafeteria",
                    "The [café], two [CAFÉS] and a cafeteria",
                ),
                (
                    "São",
                    "in sao paulo and São Tomé",
                    "in [sao] paulo and [São] Tomé",
                ),
            ],
        );
    }

    #[test]
    fn english_stop_words_are_marked_only_alone() {
        let text = "The Bank of England and the banks";
        check(
            Language::English,
            &[
                ("the bank", text, "The [Bank] of England and the [banks]"),
                (
                    "\"bank of england\"",
                    text,
                    "The [Bank] of [England] and the [banks]",
                ),
                ("the", text, "[The] Bank of England and [the] banks"),
                // An excluded word is not marked.
                (
                    "bank -england",
                    text,
                    "The [Bank] of England and the [banks]",
                ),
            ],
        );
    }

    #[test]
    fn english_digits_and_other_scripts() {
        check(
            Language::English,
            &[
                (
                    "٢٠٢٥",
                    "In 2025, OPEC met in الرياض",
                    "In [2025], OPEC met in الرياض",
                ),
                (
                    "الرياض opec",
                    "In 2025, OPEC met in الرياض.",
                    "In 2025, [OPEC] met in [الرياض].",
                ),
            ],
        );
    }

    #[test]
    fn persian_marks_plurals_zwnj_and_arabic_keyboard_spellings() {
        check(
            Language::Persian,
            &[
                (
                    "کتاب",
                    "کتاب‌ها و كتابهای او، کتاب‌های دیگر و کتاب ها در کتابخانه",
                    "[کتاب‌ها] و [كتابهای] او، [کتاب‌های] دیگر و [کتاب ها] در کتابخانه",
                ),
                // The query may be spelt any of those ways too.
                (
                    "كتاب‌هاي",
                    "این کتاب و آن کتابها",
                    "این [کتاب] و آن [کتابها]",
                ),
                // A plural in ات also stands for its singular in ه, as in the index.
                (
                    "مذاکرات",
                    "مذاکره‌ای دربارهٔ مذاکرات",
                    "[مذاکره‌ای] دربارهٔ [مذاکرات]",
                ),
            ],
        );
    }

    #[test]
    fn persian_words_with_zwnj_inside_are_marked_whole() {
        let text = "آنها می‌روند و نمی‌روند";
        let expected = "آنها [می‌روند] و نمی‌روند";
        check(
            Language::Persian,
            &[
                ("میروند", text, expected),
                ("می روند", text, expected),
                ("می‌روند", text, expected),
                ("مي‌روند", text, expected),
                // The parts of a compound are words of their own.
                ("جمهوری", "ریاست‌جمهوری ایران", "ریاست\u{200C}[جمهوری] ایران"),
                (
                    "ریاست‌جمهوری",
                    "انتخابات ریاست‌جمهوری",
                    "انتخابات [ریاست]\u{200C}[جمهوری]",
                ),
            ],
        );
    }

    #[test]
    fn persian_digits_and_mixed_script() {
        check(
            Language::Persian,
            &[
                (
                    "۱۴۰۳",
                    "سال 1403، ١٤٠٣ یا ۱۴۰۳ و 14030",
                    "سال [1403]، [١٤٠٣] یا [۱۴۰۳] و 14030",
                ),
                (
                    "opec نفت",
                    "نشست OPEC درباره نفت‌های ایران",
                    "نشست [OPEC] درباره [نفت‌های] ایران",
                ),
                // Stop words count only alone, as in search.
                ("در تهران", "در تهران", "در [تهران]"),
            ],
        );
    }

    #[test]
    fn persian_snippet_centres_on_matches() {
        let text = format!("{} کتاب‌های تازه {}", "واژه ".repeat(50), "دیگر ".repeat(50));
        let h = Highlighter::for_query(&parse_query("کتاب"), Language::Persian);
        let s = render(&h.snippet(&text, 10));
        assert!(s.starts_with("… ") && s.ends_with(" …"), "{s}");
        assert!(s.contains("[کتاب‌های]"), "{s}");
    }

    #[test]
    fn snippet_without_matches_is_the_opening() {
        let h = Highlighter::new(["غائب"]);
        assert_eq!(
            render(&h.snippet("واحد اثنان ثلاثة أربعة", 2)),
            "واحد اثنان …"
        );
        assert!(h.snippet("", 5).is_empty());
        assert_eq!(render(&h.snippet("واحد", 5)), "واحد");
    }
}
