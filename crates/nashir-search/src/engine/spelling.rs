//! "Did you mean" (هل تقصد): a query that found nothing, its unknown words replaced
//! by the closest words of the index's own vocabulary.

use nashir_app::search::{Correction, SearchRequest};
use nashir_core::language::Language;
use nashir_core::search_query::{SearchQuery, Term as QueryTerm, parse_query};
use tantivy::query::FuzzyTermQuery;

use super::{EngineError, SearchEngine};
use crate::analyzer::base_stems;

/// A word this common in Arabic (Zipf × 10, [`nashir_core::lexicon`]) is a word the
/// reader meant, even when no article has it: no correction is offered for it.
const COMMON: u8 = 30;

fn is_common(word: &str) -> bool {
    nashir_core::lexicon::zipf10(word).is_some_and(|z| z >= COMMON)
}

/// Index words looked at per unknown word and segment, so a short word matching
/// much of the vocabulary costs a bounded scan.
const MAX_CANDIDATES: usize = 2_000;

impl SearchEngine {
    /// [`SearchEngine::did_you_mean_in`] the Arabic edition.
    pub fn did_you_mean(&self, query: &SearchQuery) -> Result<Option<Correction>, EngineError> {
        self.did_you_mean_in(query, Language::Arabic)
    }

    /// The query with each word the edition's articles do not have replaced by
    /// the most common word of theirs within one edit (two for words of six
    /// letters or more), over normalized forms; `None` when nothing was replaced
    /// or the corrected query finds nothing either.
    pub fn did_you_mean_in(
        &self,
        query: &SearchQuery,
        language: Language,
    ) -> Result<Option<Correction>, EngineError> {
        let mut changed = false;
        let mut words = Vec::new();
        for unit in &self.units(&query.required, language) {
            let replacement = match self.unknown_word(unit, language) {
                Some(word) => self.closest(&word, language)?,
                None => None,
            };
            match replacement {
                Some(better) => {
                    changed = true;
                    words.push(better);
                }
                None if unit.is_phrase() => words.push(format!("\"{}\"", unit.raw)),
                None => words.push(unit.raw.clone()),
            }
        }
        if !changed {
            return Ok(None);
        }
        for unit in &query.excluded {
            match unit.is_phrase() {
                true => words.push(format!("-\"{}\"", unit.raw)),
                false => words.push(format!("-{}", unit.raw)),
            }
        }
        let corrected = words.join(" ");
        let found = self.search(&SearchRequest {
            query: parse_query(&corrected),
            limit: 1,
            edition: language,
            ..SearchRequest::default()
        })?;
        Ok(found.ids.first().map(|&found| Correction {
            query: corrected,
            found,
        }))
    }

    /// The reader's word (normalized, as the edition's exact fields hold words)
    /// when it is one word the edition's articles do not have in any form and,
    /// in Arabic, not a common word either.
    fn unknown_word(&self, unit: &QueryTerm, language: Language) -> Option<String> {
        if language == Language::Arabic {
            return match unit.words.as_slice() {
                [word] if !is_common(word) && !self.knows(word) => Some(word.clone()),
                _ => None,
            };
        }
        let (exact, _, _) = self.fields.text(language)[0];
        let words = self.analyze(exact, &unit.raw);
        let [word] = words.as_slice() else {
            return None;
        };
        let word = word.first()?.value().as_str()?.to_string();
        let searcher = self.reader.searcher();
        let has = |term: &tantivy::Term| searcher.doc_freq(term).is_ok_and(|n| n > 0);
        let known = self
            .fields
            .text(language)
            .iter()
            .any(|&(exact, stemmed, _)| {
                [exact, stemmed]
                    .into_iter()
                    .flat_map(|field| self.analyze(field, &unit.raw))
                    .flatten()
                    .any(|term| has(&term))
            });
        (!known).then_some(word)
    }

    /// Whether any Arabic text field has this normalized word, its stem or a
    /// base's stem.
    pub(super) fn knows(&self, word: &str) -> bool {
        let searcher = self.reader.searcher();
        let stem = nashir_core::analysis::light10(word);
        let mut stems = base_stems(word, stem);
        stems.push(stem.to_string());
        let has = |field, text: &str| {
            searcher
                .doc_freq(&tantivy::Term::from_field_text(field, text))
                .is_ok_and(|n| n > 0)
        };
        self.fields
            .text(Language::Arabic)
            .iter()
            .any(|&(exact, stemmed, _)| has(exact, word) || stems.iter().any(|s| has(stemmed, s)))
    }

    /// The index word nearest to `word` (the edition's exact fields of headline,
    /// lead and body): fewest edits, then most articles. One edit is looked for
    /// first, two only when none is found (and the word has six letters or more).
    fn closest(&self, word: &str, language: Language) -> Result<Option<String>, EngineError> {
        let letters = word.chars().count();
        if letters < 3 {
            return Ok(None);
        }
        let most = if letters >= 6 { 2 } else { 1 };
        for distance in 1..=most {
            if let Some(found) = self.most_used_within(word, distance, language)? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }

    fn most_used_within(
        &self,
        word: &str,
        distance: u8,
        language: Language,
    ) -> Result<Option<String>, EngineError> {
        let searcher = self.reader.searcher();
        let mut best: Option<(u32, String)> = None;
        // One automaton for every field and segment: only the word's letters shape it.
        let (title, _, _) = self.fields.text(language)[0];
        let fuzzy =
            FuzzyTermQuery::new(tantivy::Term::from_field_text(title, word), distance, true);
        let automaton = fuzzy.automaton()?;
        for (field, _, _) in self.fields.text(language) {
            for segment in searcher.segment_readers() {
                let index = segment.inverted_index(field)?;
                let mut stream = index.terms().search(&automaton).into_stream()?;
                let mut seen = 0;
                while seen < MAX_CANDIDATES && stream.advance() {
                    seen += 1;
                    let articles = stream.value().doc_freq;
                    if best.as_ref().is_some_and(|(n, _)| *n >= articles) {
                        continue;
                    }
                    if let Ok(candidate) = std::str::from_utf8(stream.key())
                        && candidate != word
                    {
                        best = Some((articles, candidate.to_string()));
                    }
                }
            }
        }
        Ok(best.map(|(_, w)| w))
    }
}
