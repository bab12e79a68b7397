//! Snippets with the reader's words marked in the original (unnormalized) text.

use crate::analysis::{Token, light10, tokenize};
use crate::clitics::bases;

/// A piece of text, marked when it is one of the words searched for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fragment {
    pub text: String,
    pub marked: bool,
}

/// Matches a text's words against the query's words, by normalized form, by stem,
/// or through their bases (بمصر for مصر, حكومتها for الحكومة), as search matches them.
pub struct Highlighter {
    words: Vec<String>,
    stems: Vec<String>,
}

impl Highlighter {
    pub fn new<'a>(wanted: impl IntoIterator<Item = &'a str>) -> Highlighter {
        let words: Vec<String> = wanted.into_iter().map(str::to_string).collect();
        let mut stems: Vec<String> = Vec::new();
        for word in &words {
            let forms = std::iter::once(word.clone()).chain(bases(word));
            for stem in forms.map(|f| light10(&f).to_string()) {
                if !stems.contains(&stem) {
                    stems.push(stem);
                }
            }
        }
        Highlighter { words, stems }
    }

    fn matches(&self, normalized: &str) -> bool {
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

    /// The whole text, split into marked and unmarked fragments.
    pub fn mark(&self, text: &str) -> Vec<Fragment> {
        let tokens = tokenize(text);
        let hits = self.hits(&tokens);
        fragments(text, &tokens, &hits, 0, text.len())
    }

    fn hits(&self, tokens: &[Token]) -> Vec<bool> {
        tokens.iter().map(|t| self.matches(&t.normalized)).collect()
    }

    /// About `max_words` words of `text` around its densest cluster of matches, with
    /// `…` where it was cut. Without matches, the opening words.
    pub fn snippet(&self, text: &str, max_words: usize) -> Vec<Fragment> {
        let tokens = tokenize(text);
        if tokens.is_empty() {
            return Vec::new();
        }
        let hits = self.hits(&tokens);
        let window = max_words.max(1).min(tokens.len());
        // Slide a window over the words and keep the one holding the most matches.
        let mut count: usize = hits[..window].iter().filter(|&&h| h).count();
        let (mut best, mut best_count) = (0, count);
        for start in 1..=tokens.len() - window {
            count = count + usize::from(hits[start + window - 1]) - usize::from(hits[start - 1]);
            if count > best_count {
                (best, best_count) = (start, count);
            }
        }
        // Start a little before the first match so it has some context.
        let first_hit = (best..best + window).find(|&i| hits[i]).unwrap_or(best);
        let start = first_hit
            .saturating_sub(window / 4)
            .min(tokens.len() - window);
        let end = start + window;
        let mut out = Vec::new();
        if start > 0 {
            out.push(plain("… "));
        }
        out.extend(fragments(
            text,
            &tokens[start..end],
            &hits[start..end],
            tokens[start].start,
            tokens[end - 1].end,
        ));
        if end < tokens.len() {
            out.push(plain(" …"));
        }
        out
    }
}

/// `text[from..to]` cut at the matched tokens.
fn fragments(text: &str, tokens: &[Token], hits: &[bool], from: usize, to: usize) -> Vec<Fragment> {
    let mut out = Vec::new();
    let mut pos = from;
    for (t, &hit) in tokens.iter().zip(hits) {
        if !hit || t.start < pos {
            continue;
        }
        if t.start > pos {
            out.push(plain(&text[pos..t.start]));
        }
        out.push(Fragment {
            text: text[t.start..t.end].to_string(),
            marked: true,
        });
        pos = t.end;
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
