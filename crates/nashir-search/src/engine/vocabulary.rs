//! Names the word list lacks (لخندقجي، وبنيوم): a query word the index does not know
//! in any form is also searched with a proclitic taken off, or put on, when the index
//! has that form and the word list does not know it as a word of its own.

use nashir_core::clitics::PROCLITICS;
use nashir_core::language::Language;
use nashir_core::lexicon::zipf10;

use super::SearchEngine;
use crate::analyzer::Analysis;

impl SearchEngine {
    /// Exact-field words for `word` (normalized): without a proclitic, or with one
    /// (بلاد is listed, so لاد never finds it); empty for a word the index knows.
    pub(super) fn vocabulary_forms(&self, word: &str) -> Vec<String> {
        let arabic = word.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c));
        if self.analysis != Analysis::Bases
            || word.chars().count() < 3
            || !arabic
            || self.knows(word)
        {
            return Vec::new();
        }
        let mut found: Vec<String> = Vec::new();
        for p in PROCLITICS {
            if let Some(rest) = word.strip_prefix(p)
                && rest.chars().count() >= 3
                && self.in_index(rest)
            {
                found.push(rest.to_string());
            }
            let longer = format!("{p}{word}");
            if zipf10(&longer).is_none() && self.in_index(&longer) {
                found.push(longer);
            }
        }
        found.dedup();
        found
    }

    /// Whether an Arabic headline, lead or body has this exact (normalized) word.
    fn in_index(&self, word: &str) -> bool {
        let searcher = self.reader.searcher();
        let arabic = self.fields.text(Language::Arabic);
        arabic.iter().any(|&(exact, _, _)| {
            searcher
                .doc_freq(&tantivy::Term::from_field_text(exact, word))
                .is_ok_and(|n| n > 0)
        })
    }
}
