//! Search quality on a test collection: articles, queries, and the articles each
//! query must (or must not) find. Used by the quality test and the bench binary.
//! A collection is in one edition's language (`testdata/search` is Arabic,
//! `testdata/search/en` English, `testdata/search/fa` Persian).

use std::path::Path;

use jiff::Timestamp;
use nashir_app::search::{SearchRequest, SortOrder};
use nashir_core::import::parse_reference_text_in;
use nashir_core::language::Language;
use nashir_core::search_query::parse_query;
use nashir_core::{Article, ArticleId, Section, Status};
use serde::Deserialize;

use crate::analyzer::Analysis;
use crate::engine::SearchEngine;

/// Results a reader looks at.
pub const TOP: usize = 10;

#[derive(Debug, Deserialize)]
pub struct QueryCase {
    pub id: String,
    pub query: String,
    /// Article names (file stems) that must be in the top [`TOP`]; none: nothing may match.
    pub expect: Vec<String>,
    /// Article names that must not be found at all.
    #[serde(default)]
    pub reject: Vec<String>,
    #[serde(default)]
    pub covers: String,
}

pub struct Collection {
    /// The edition its articles are in and its queries are typed in.
    pub language: Language,
    /// (name, article); the article's id is its position + 1.
    pub articles: Vec<(String, Article)>,
    pub queries: Vec<QueryCase>,
}

/// Loads `dir/articles/*.txt` (reference format) and `dir/queries.json`.
pub fn load_collection(dir: &Path) -> Result<Collection, String> {
    load_collection_in(dir, Language::Arabic)
}

/// [`load_collection`] of an edition: its articles in the reference format as
/// the edition writes it, in its language.
pub fn load_collection_in(dir: &Path, language: Language) -> Result<Collection, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir.join("articles"))
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut articles = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let parsed = parse_reference_text_in(&bytes, language)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let at = parsed
            .updated_on
            .at(12, 0, 0, 0)
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        articles.push((
            name,
            Article {
                id: ArticleId(i as i64 + 1),
                language,
                section: Section {
                    id: 1,
                    slug: "news".into(),
                    name: "أخبار".into(),
                },
                slug: nashir_core::slug::slugify_title(&parsed.title),
                title: parsed.title,
                lead: parsed.lead,
                body: parsed.body,
                source: parsed.source,
                authors: Vec::new(),
                tags: Vec::new(),
                featured: None,
                images: Vec::new(),
                status: Status::Published,
                published_at: Some(at),
                updated_at: at,
                modified_at: at,
                created_at: at,
                revision: 1,
                created_by: None,
                comments_open: true,
                approved_comments: 0,
                corrections: Vec::new(),
                sticky: false,
                live: None,
                publishing: Default::default(),
                social_image: None,
                translation_group: None,
            },
        ));
    }
    let queries = std::fs::read_to_string(dir.join("queries.json"))
        .map_err(|e| format!("queries.json: {e}"))?;
    let queries = serde_json::from_str(&queries).map_err(|e| format!("queries.json: {e}"))?;
    Ok(Collection {
        language,
        articles,
        queries,
    })
}

#[derive(Debug, Default)]
pub struct Report {
    pub queries: usize,
    /// Expected articles found in the top ten, over all expected articles.
    pub recall_at_10: f64,
    /// Mean over queries with expectations of 1 / rank of the first expected article.
    pub mrr: f64,
    /// One line per broken expectation.
    pub failures: Vec<String>,
}

/// Indexes the collection with `analysis` and runs every query.
pub fn evaluate(collection: &Collection, analysis: Analysis) -> Result<Report, String> {
    let engine = SearchEngine::in_memory(analysis).map_err(|e| e.to_string())?;
    let articles: Vec<Article> = collection.articles.iter().map(|(_, a)| a.clone()).collect();
    engine.apply(&articles, &[], 1).map_err(|e| e.to_string())?;
    run_queries(&engine, collection, |id| {
        collection
            .articles
            .get(usize::try_from(id.0 - 1).ok()?)
            .map(|(name, _)| name.as_str())
    })
}

/// Indexes several collections (editions) in one index, each article under an
/// id of its own, and runs each collection's queries in its edition: a report
/// per collection, in which an article of another collection found is a failure.
pub fn evaluate_together(
    collections: &[&Collection],
    analysis: Analysis,
) -> Result<Vec<Report>, String> {
    let engine = SearchEngine::in_memory(analysis).map_err(|e| e.to_string())?;
    // Collection k's article i has id offsets[k] + i + 1.
    let mut offsets = Vec::with_capacity(collections.len());
    let mut articles = Vec::new();
    for collection in collections {
        let offset = articles.len() as i64;
        offsets.push(offset);
        articles.extend(collection.articles.iter().map(|(_, a)| Article {
            id: ArticleId(a.id.0 + offset),
            ..a.clone()
        }));
    }
    engine.apply(&articles, &[], 1).map_err(|e| e.to_string())?;
    collections
        .iter()
        .zip(offsets)
        .map(|(collection, offset)| {
            run_queries(&engine, collection, |id| {
                collection
                    .articles
                    .get(usize::try_from(id.0 - offset - 1).ok()?)
                    .map(|(name, _)| name.as_str())
            })
        })
        .collect()
}

/// Runs a collection's queries in its edition; `name_of` names the collection's
/// articles by id (None: not one of them).
fn run_queries<'a>(
    engine: &SearchEngine,
    collection: &'a Collection,
    name_of: impl Fn(ArticleId) -> Option<&'a str>,
) -> Result<Report, String> {
    const OTHER: &str = "(another edition's article)";
    let name_of = |id: ArticleId| name_of(id).unwrap_or(OTHER);
    let mut report = Report {
        queries: collection.queries.len(),
        ..Report::default()
    };
    let (mut expected, mut found, mut rr_sum, mut rr_count) = (0, 0, 0.0, 0);
    for case in &collection.queries {
        let request = SearchRequest {
            query: parse_query(&case.query),
            sort: SortOrder::Relevance,
            limit: TOP,
            edition: collection.language,
            ..SearchRequest::default()
        };
        let hits = engine.search(&request).map_err(|e| e.to_string())?;
        let names: Vec<&str> = hits.ids.iter().map(|&id| name_of(id)).collect();
        if case.expect.is_empty() && hits.total > 0 {
            report.failures.push(format!(
                "{} «{}»: should find nothing, found {names:?}",
                case.id, case.query
            ));
        }
        for want in &case.expect {
            expected += 1;
            match names.iter().position(|n| n == want) {
                Some(_) => found += 1,
                None => report.failures.push(format!(
                    "{} «{}»: {want} not in the top {TOP} {names:?}",
                    case.id, case.query
                )),
            }
        }
        if !case.expect.is_empty() {
            rr_count += 1;
            if let Some(rank) = names
                .iter()
                .position(|n| case.expect.iter().any(|e| e == n))
            {
                rr_sum += 1.0 / (rank as f64 + 1.0);
            }
        }
        // A rejected article must not be found at any rank, not just the top ten.
        let all = engine
            .search(&SearchRequest {
                limit: crate::engine::MAX_LIMIT,
                ..request
            })
            .map_err(|e| e.to_string())?;
        if all.ids.iter().any(|&id| name_of(id) == OTHER) {
            report.failures.push(format!(
                "{} «{}»: found another edition's article",
                case.id, case.query
            ));
        }
        for reject in &case.reject {
            if all.ids.iter().any(|&id| name_of(id) == reject) {
                report.failures.push(format!(
                    "{} «{}»: found {reject}, which it must not",
                    case.id, case.query
                ));
            }
        }
    }
    report.recall_at_10 = if expected == 0 {
        1.0
    } else {
        found as f64 / expected as f64
    };
    report.mrr = if rr_count == 0 {
        1.0
    } else {
        rr_sum / rr_count as f64
    };
    Ok(report)
}

/// One topic of the collection (`topics.json`): its articles should be among each
/// other's related stories.
#[derive(Debug, Deserialize)]
pub struct Topic {
    pub topic: String,
    /// Article names (file stems).
    pub articles: Vec<String>,
}

pub fn load_topics(dir: &Path) -> Result<Vec<Topic>, String> {
    let text = std::fs::read_to_string(dir.join("topics.json"))
        .map_err(|e| format!("topics.json: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("topics.json: {e}"))
}

/// Related stories shown under each article of the collection.
pub const RELATED_SHOWN: usize = 5;

#[derive(Debug, Default)]
pub struct RelatedReport {
    /// Articles on some topic.
    pub articles: usize,
    /// Mean over them of the share of their topic mates (at most
    /// [`RELATED_SHOWN`]) among their first [`RELATED_SHOWN`] related articles.
    pub recall: f64,
    /// Of them, those whose first related article shares a topic with them.
    pub first_on_topic: usize,
    /// Each article's name and its related articles' names, in order.
    pub lists: Vec<(String, Vec<String>)>,
}

/// Indexes the collection with `analysis` and computes every article's related
/// articles, measured against `topics`.
pub fn evaluate_related(
    collection: &Collection,
    topics: &[Topic],
    analysis: Analysis,
) -> Result<RelatedReport, String> {
    let engine = SearchEngine::in_memory(analysis).map_err(|e| e.to_string())?;
    let articles: Vec<Article> = collection.articles.iter().map(|(_, a)| a.clone()).collect();
    engine.apply(&articles, &[], 1).map_err(|e| e.to_string())?;
    let mut report = RelatedReport::default();
    let mut recall = 0.0;
    for (name, article) in &collection.articles {
        let ids = engine
            .related(article, &[], RELATED_SHOWN)
            .map_err(|e| e.to_string())?;
        let names: Vec<String> = ids
            .iter()
            .filter_map(|id| collection.articles.get((id.0 - 1) as usize))
            .map(|(n, _)| n.clone())
            .collect();
        let mates: Vec<&String> = topics
            .iter()
            .filter(|t| t.articles.contains(name))
            .flat_map(|t| &t.articles)
            .filter(|m| *m != name)
            .collect();
        if !mates.is_empty() {
            let mut distinct = mates.clone();
            distinct.sort();
            distinct.dedup();
            let found = names.iter().filter(|n| distinct.contains(n)).count();
            recall += found as f64 / distinct.len().min(RELATED_SHOWN) as f64;
            report.articles += 1;
            if names.first().is_some_and(|n| distinct.contains(&n)) {
                report.first_on_topic += 1;
            }
        }
        report.lists.push((name.clone(), names));
    }
    report.recall = recall / report.articles.max(1) as f64;
    Ok(report)
}
