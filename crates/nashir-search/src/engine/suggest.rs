//! Suggestions as the reader types: the headlines of the articles the words so far
//! find, the word being typed taken as the start of a headline word.

use std::collections::HashMap;

use nashir_app::search::{MAX_SUGGESTIONS, Suggestion};
use nashir_core::ArticleId;
use nashir_core::language::Language;
use nashir_core::search_query::{SearchQuery, parse_query};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::{EngineError, SearchEngine};

/// Headline words a prefix stands for, the most used first.
const MAX_COMPLETIONS: usize = 24;
/// Index words read per segment for one prefix, so a short prefix costs a bounded scan.
const MAX_SCANNED: usize = 5_000;

impl SearchEngine {
    /// [`SearchEngine::suggest_in`] the Arabic edition.
    pub fn suggest(&self, typed: &str, limit: usize) -> Result<Vec<Suggestion>, EngineError> {
        self.suggest_in(typed, Language::Arabic, limit)
    }

    /// Up to `limit` articles of the edition for what the reader has typed so
    /// far: every finished word must match (as in a search), and a headline word
    /// must start with the unfinished last one (two letters at least).
    pub fn suggest_in(
        &self,
        typed: &str,
        language: Language,
        limit: usize,
    ) -> Result<Vec<Suggestion>, EngineError> {
        let mut required = self.units(&parse_query(typed).required, language);
        let typing = !typed.ends_with(char::is_whitespace);
        let prefix = match required.last() {
            Some(last) if typing && language == Language::Arabic && !last.is_phrase() => {
                last.words.first().cloned()
            }
            Some(last) if typing && language != Language::Arabic => {
                let (title, _, _) = self.fields.text(language)[0];
                match self.analyze(title, &last.raw).as_slice() {
                    [word] => word
                        .first()
                        .and_then(|t| t.value().as_str().map(str::to_string)),
                    _ => None,
                }
            }
            _ => None,
        };
        if prefix.is_some() {
            required.pop();
        }
        let finished = SearchQuery {
            required,
            excluded: Vec::new(),
        };
        let Some(mut clauses) = self.text_clauses(&finished, language) else {
            return Ok(Vec::new());
        };
        if let Some(prefix) = prefix {
            if prefix.chars().count() < 2 {
                return Ok(Vec::new());
            }
            let completions = self.completions(&prefix, language)?;
            if completions.is_empty() {
                return Ok(Vec::new());
            }
            let any: Vec<(Occur, Box<dyn Query>)> = completions
                .into_iter()
                .map(|term| {
                    let q: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(limit.clamp(1, MAX_SUGGESTIONS)).order_by_score();
        let hits = searcher.search(&BooleanQuery::new(clauses), &top)?;
        let mut suggestions = Vec::with_capacity(hits.len());
        for (_, address) in hits {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let ids = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("id")?;
            let Some(id) = ids.first(address.doc_id) else {
                continue;
            };
            suggestions.push(Suggestion {
                id: ArticleId(id as i64),
                title: text(self.fields.headline),
                slug: text(self.fields.slug),
            });
        }
        Ok(suggestions)
    }

    /// The edition's headline words (exact field) that start with `prefix`, the
    /// most used first.
    fn completions(&self, prefix: &str, language: Language) -> Result<Vec<Term>, EngineError> {
        let (title, _, _) = self.fields.text(language)[0];
        let searcher = self.reader.searcher();
        let mut used: HashMap<Vec<u8>, u32> = HashMap::new();
        for segment in searcher.segment_readers() {
            let index = segment.inverted_index(title)?;
            let mut stream = index.terms().range().ge(prefix.as_bytes()).into_stream()?;
            let mut scanned = 0;
            while scanned < MAX_SCANNED && stream.advance() {
                if !stream.key().starts_with(prefix.as_bytes()) {
                    break;
                }
                scanned += 1;
                *used.entry(stream.key().to_vec()).or_default() += stream.value().doc_freq;
            }
        }
        let mut words: Vec<(Vec<u8>, u32)> = used.into_iter().collect();
        words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(words
            .into_iter()
            .take(MAX_COMPLETIONS)
            .filter_map(|(w, _)| String::from_utf8(w).ok())
            .map(|w| Term::from_field_text(title, &w))
            .collect())
    }
}
