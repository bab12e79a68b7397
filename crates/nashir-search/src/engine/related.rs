//! Related articles (اقرأ أيضاً): the indexed articles most like one article, found
//! by the most distinctive words of its headline, lead, tag names and body (stemmed,
//! with their bases, as searches are) and by its tags, the recent ones preferred.

use std::collections::HashMap;

use nashir_core::language::Language;
use nashir_core::{Article, ArticleId};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use super::{BASE_WEIGHT, EngineError, SearchEngine, tag_term};

/// Words of the article the query is made of, the most distinctive first (on the
/// test collection, 12 words found 62% of the topical neighbours, 20 words 67%,
/// 30 words 69%; tantivy's `MoreLikeThisQuery` over the same fields 62–64%).
const MAX_RELATED_TERMS: usize = 30;
/// A word in more than this share of the articles tells no topic (في، من، التي)...
const MAX_DOC_SHARE: f64 = 0.3;
/// ...once it is in more than this many: on a small site, rarity weighs them.
const COMMON_FROM: f64 = 10.0;
/// How much each use of a word weighs when the article's words are picked, in its
/// headline, lead, tag names and body. The body counts: on the test collection the
/// headline, lead and tags alone found 58% of the topical neighbours, with the body 69%.
const SOURCE_WEIGHTS: [f32; 4] = [1.5, 1.0, 1.0, 1.0];
/// A word only the body uses must use it this often to count: on 100,000
/// generated articles that halves the work (1.5 to 0.85 ms an article), and on
/// the test collection it costs little (69% to 68% of topic mates found).
const MIN_BODY_USES: f32 = 2.0;
/// A shared tag, against the most distinctive word's 1.
const TAG_BOOST: f32 = 1.0;
/// The most articles the chosen words may find between them, counted once per
/// word, which bounds the work of one query whatever the site's size (a word
/// that would pass it is skipped for a rarer one).
const POSTINGS_BUDGET: u64 = 20_000;
/// Candidates read by relevance before recency re-ranks them.
const CANDIDATES: usize = 16;
/// Recency: an article older than the one it is shown under loses up to this
/// share of its score, half of it after [`HALF_LIFE_DAYS`]. Later articles (the
/// story's follow-ups) lose nothing.
const RECENCY_SHARE: f64 = 0.4;
const HALF_LIFE_DAYS: f64 = 180.0;

/// How a candidate's relevance and age make its rank.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RelatedScore {
    relevance: f32,
    /// Seconds it was published before the article it is shown under (0 if after).
    older_by: i64,
}

impl RelatedScore {
    fn rank(self) -> f64 {
        let days = self.older_by.max(0) as f64 / 86_400.0;
        let recency = (1.0 - RECENCY_SHARE) + RECENCY_SHARE * 0.5f64.powf(days / HALF_LIFE_DAYS);
        f64::from(self.relevance) * recency
    }
}

impl SearchEngine {
    /// Up to `limit` indexed articles most like `article`, best first, of its
    /// edition only: never the article itself nor any of `exclude`. The article
    /// need not be indexed.
    pub fn related(
        &self,
        article: &Article,
        exclude: &[ArticleId],
        limit: usize,
    ) -> Result<Vec<ArticleId>, EngineError> {
        let searcher = self.reader.searcher();
        if limit == 0 || searcher.num_docs() == 0 {
            return Ok(Vec::new());
        }
        let language = article.language;
        let terms = self.distinctive_terms(&searcher, article, language)?;
        let best = terms.first().map_or(1.0, |(_, score)| *score);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (text, score) in &terms {
            for (_, stemmed, weight) in self.fields.text(language) {
                let term = TermQuery::new(
                    Term::from_field_text(stemmed, text),
                    IndexRecordOption::WithFreqs,
                );
                let boost = weight * score / best;
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(term), boost)),
                ));
            }
        }
        for tag in &article.tags {
            let term = TermQuery::new(
                Term::from_field_text(self.fields.tags, &tag_term(language, tag.id)),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(term), TAG_BOOST)),
            ));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        // The article and the excluded are left out of the hits, not by `MustNot`
        // clauses: those would cost the union of terms its block-max WAND pruning.
        let wanted = CANDIDATES.max(limit) + exclude.len() + 1;
        let top = TopDocs::with_limit(wanted).order_by_score();
        let hits = searcher.search(&BooleanQuery::new(clauses), &top)?;
        let published = article
            .published_at
            .unwrap_or(article.updated_at)
            .as_second();
        let mut ranked = Vec::with_capacity(hits.len());
        for (relevance, address) in hits {
            let fast = searcher.segment_reader(address.segment_ord).fast_fields();
            let id = fast.u64("id")?.first(address.doc_id);
            let at = fast.i64("published")?.first(address.doc_id);
            if let (Some(id), Some(at)) = (id, at)
                && id != article.id.0 as u64
                && !exclude.contains(&ArticleId(id as i64))
            {
                let score = RelatedScore {
                    relevance,
                    older_by: published - at,
                };
                ranked.push((score.rank(), ArticleId(id as i64)));
            }
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(ranked.into_iter().take(limit).map(|(_, id)| id).collect())
    }

    /// The article's most distinctive stemmed words with their weights: how much
    /// the article uses each ([`SOURCE_WEIGHTS`]; a base's stem counts half), by
    /// how rare it is among the indexed articles.
    fn distinctive_terms(
        &self,
        searcher: &Searcher,
        article: &Article,
        language: Language,
    ) -> Result<Vec<(String, f32)>, EngineError> {
        let tag_names = article
            .tags
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join("، ");
        let body = super::body_text(article);
        let (_, stemmed, _) = self.fields.text(language)[0];
        // (weight, in the headline, lead or tags)
        let mut uses: HashMap<String, (f32, bool)> = HashMap::new();
        for (part, (text, weight)) in [&article.title, &article.lead, &tag_names, &body]
            .into_iter()
            .zip(SOURCE_WEIGHTS)
            .enumerate()
        {
            for word in self.analyze(stemmed, text) {
                for (i, term) in word.iter().enumerate() {
                    let value = term.value();
                    let Some(text) = value.as_str() else {
                        continue;
                    };
                    let share = if i == 0 { 1.0 } else { BASE_WEIGHT };
                    let used = uses.entry(text.to_string()).or_default();
                    used.0 += weight * share;
                    used.1 |= part < 3;
                }
            }
        }
        let total = searcher.num_docs() as f64;
        // The article's own document (if indexed) finds nothing new.
        let own = u64::from(self.stored_fingerprint(searcher, article.id)?.is_some());
        let [(_, title, _), (_, lead, _), (_, body, _)] = self.fields.text(language);
        let mut scored = Vec::with_capacity(uses.len());
        for (text, (weight, prominent)) in uses {
            if text.chars().count() < 2 || (!prominent && weight < MIN_BODY_USES) {
                continue;
            }
            // Bodies hold nearly every word; a word only headlines or leads use
            // is looked up there.
            let mut found = searcher.doc_freq(&Term::from_field_text(body, &text))?;
            if found <= own {
                for field in [title, lead] {
                    found = found.max(searcher.doc_freq(&Term::from_field_text(field, &text))?);
                }
            }
            let others = found.saturating_sub(own);
            if others == 0 || others as f64 > (MAX_DOC_SHARE * total).max(COMMON_FROM) {
                continue;
            }
            let others = others as f64;
            let idf = (1.0 + (total - others + 0.5) / (others + 0.5)).ln();
            scored.push((text, weight * idf as f32, found));
        }
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        // The most distinctive words whose articles, together, stay within budget.
        let mut spent = 0;
        let mut chosen = Vec::with_capacity(MAX_RELATED_TERMS);
        for (text, score, found) in scored {
            if chosen.len() == MAX_RELATED_TERMS {
                break;
            }
            if spent + found <= POSTINGS_BUDGET {
                spent += found;
                chosen.push((text, score));
            }
        }
        Ok(chosen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_candidates_lose_up_to_the_recency_share_and_later_ones_nothing() {
        let rank = |days: i64| {
            RelatedScore {
                relevance: 1.0,
                older_by: days * 86_400,
            }
            .rank()
        };
        assert_eq!(rank(0), 1.0);
        assert_eq!(rank(-400), 1.0, "a follow-up");
        assert!((rank(180) - 0.8).abs() < 1e-9, "{}", rank(180));
        assert!(rank(365) < rank(180) && rank(20 * 365) > 1.0 - RECENCY_SHARE);
    }
}
