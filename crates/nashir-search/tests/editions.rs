//! Search per edition: the English and Persian test collections (testdata/search/en,
//! testdata/search/fa) with their own analysis, the Arabic figures unchanged, and no
//! edition's search, suggestions, corrections or related articles reaching another's.

use std::path::Path;

use nashir_app::search::SearchRequest;
use nashir_core::english;
use nashir_core::highlight::Highlighter;
use nashir_core::language::Language;
use nashir_core::search_query::{SearchQuery, parse_query};
use nashir_core::{Article, ArticleId};
use nashir_search::evaluation::{
    Collection, evaluate, evaluate_together, load_collection, load_collection_in,
};
use nashir_search::{Analysis, SearchEngine};

fn dir(sub: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/search")
        .join(sub)
}

fn english() -> Collection {
    load_collection_in(&dir("en"), Language::English).expect("the English collection loads")
}

fn persian() -> Collection {
    load_collection_in(&dir("fa"), Language::Persian).expect("the Persian collection loads")
}

fn arabic() -> Collection {
    load_collection(&dir("")).expect("the Arabic collection loads")
}

#[test]
fn english_collection_every_expected_article_is_in_the_top_ten() {
    let collection = english();
    assert!(collection.articles.len() >= 30);
    assert!(collection.queries.len() >= 20);
    let report = evaluate(&collection, Analysis::Bases).unwrap();
    println!(
        "en: {} articles, {} queries, recall@10 {:.3}, MRR {:.3}",
        collection.articles.len(),
        report.queries,
        report.recall_at_10,
        report.mrr
    );
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
    assert_eq!(report.recall_at_10, 1.0);
}

#[test]
fn persian_collection_every_expected_article_is_in_the_top_ten() {
    let collection = persian();
    assert!(collection.articles.len() >= 30);
    assert!(collection.queries.len() >= 20);
    let report = evaluate(&collection, Analysis::Bases).unwrap();
    println!(
        "fa: {} articles, {} queries, recall@10 {:.3}, MRR {:.3}",
        collection.articles.len(),
        report.queries,
        report.recall_at_10,
        report.mrr
    );
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
    assert_eq!(report.recall_at_10, 1.0);
}

#[test]
fn arabic_figures_are_unchanged() {
    // As recorded in BENCHMARKS.md before the editions came.
    let report = evaluate(&arabic(), Analysis::Bases).unwrap();
    assert_eq!(
        (
            report.queries,
            format!("{:.3}", report.recall_at_10),
            format!("{:.3}", report.mrr)
        ),
        (157, "1.000".to_string(), "0.971".to_string())
    );
    let report = evaluate(&arabic(), Analysis::Light10).unwrap();
    assert_eq!(
        (
            format!("{:.3}", report.recall_at_10),
            format!("{:.3}", report.mrr),
            report.failures.len()
        ),
        ("0.611".to_string(), "0.567".to_string(), 58)
    );
}

#[test]
fn in_one_index_each_edition_finds_its_own_articles_only() {
    let (ar, en, fa) = (arabic(), english(), persian());
    let reports = evaluate_together(&[&ar, &en, &fa], Analysis::Bases).unwrap();
    for (language, report) in ["ar", "en", "fa"].iter().zip(&reports) {
        println!(
            "{language} beside the others: recall@10 {:.3}, MRR {:.3}",
            report.recall_at_10, report.mrr
        );
        // Another edition's article found at any rank is a failure.
        assert!(
            report.failures.is_empty(),
            "{language}: {}",
            report.failures.join("\n")
        );
        assert_eq!(report.recall_at_10, 1.0, "{language}");
    }
}

/// The three collections in one index, ids numbered on: Arabic 1–62, then English,
/// then Persian. Returns the engine and each id's language.
fn mixed() -> (SearchEngine, Vec<(Article, Language)>) {
    let engine = SearchEngine::in_memory(Analysis::Bases).unwrap();
    let mut all = Vec::new();
    for collection in [arabic(), english(), persian()] {
        for (_, article) in collection.articles {
            let id = ArticleId(all.len() as i64 + 1);
            all.push((Article { id, ..article }, collection.language));
        }
    }
    let articles: Vec<Article> = all.iter().map(|(a, _)| a.clone()).collect();
    engine.apply(&articles, &[], 1).unwrap();
    (engine, all)
}

fn language_of(all: &[(Article, Language)], id: ArticleId) -> Language {
    all[(id.0 - 1) as usize].1
}

#[test]
fn a_word_shared_by_the_editions_finds_only_the_edition_searched() {
    let (engine, all) = mixed();
    // Numbers occur in all three collections, Latin words in two.
    for (query, editions) in [
        ("20", Language::ALL.as_slice()),
        ("OPEC", &[Language::Arabic, Language::English]),
    ] {
        for &edition in editions {
            let hits = engine
                .search(&SearchRequest {
                    query: parse_query(query),
                    limit: 100,
                    edition,
                    ..SearchRequest::default()
                })
                .unwrap();
            assert!(hits.total > 0, "{query} in {edition}");
            for id in hits.ids {
                assert_eq!(language_of(&all, id), edition, "{query}");
            }
        }
    }
    // Persian text is not in the Arabic edition's fields, though the letters are.
    let hits = engine
        .search(&SearchRequest {
            query: parse_query("زعفران"),
            limit: 100,
            edition: Language::Arabic,
            ..SearchRequest::default()
        })
        .unwrap();
    assert!(
        hits.ids
            .iter()
            .all(|&id| language_of(&all, id) == Language::Arabic)
    );
}

#[test]
fn suggestions_and_corrections_stay_in_their_edition() {
    let (engine, all) = mixed();
    let titles = |edition: Language, typed: &str| -> Vec<String> {
        let found = engine.suggest_in(typed, edition, 8).unwrap();
        for s in &found {
            assert_eq!(language_of(&all, s.id), edition, "{typed}: {}", s.title);
        }
        found.into_iter().map(|s| s.title).collect()
    };
    let en = titles(Language::English, "desalin");
    assert!(en.iter().any(|t| t.contains("desalination")), "{en:?}");
    let fa = titles(Language::Persian, "زعفر");
    assert!(fa.iter().any(|t| t.contains("زعفران")), "{fa:?}");
    let fa = titles(Language::Persian, "قیمت خودرو");
    assert!(fa.iter().any(|t| t.contains("خودروها")), "{fa:?}");
    // The Arabic edition's suggestions are as before, Arabic only.
    let ar = titles(Language::Arabic, "الهيدروج");
    assert!(!ar.is_empty());
    assert!(engine.suggest("زعفر", 8).unwrap().is_empty());

    // "Did you mean" from the edition's own words.
    let corrected = engine
        .did_you_mean_in(&parse_query("desalinaton plant"), Language::English)
        .unwrap()
        .expect("a correction");
    assert_eq!(corrected.query, "desalination plant");
    assert_eq!(language_of(&all, corrected.found), Language::English);
    let corrected = engine
        .did_you_mean_in(&parse_query("زعفرن"), Language::Persian)
        .unwrap()
        .expect("a correction");
    assert_eq!(corrected.query, "زعفران");
    assert_eq!(language_of(&all, corrected.found), Language::Persian);
    // No edition borrows another's words.
    assert_eq!(
        engine
            .did_you_mean_in(&parse_query("desalinaton"), Language::Persian)
            .unwrap(),
        None
    );
    assert_eq!(
        engine
            .did_you_mean_in(&parse_query("desalinaton"), Language::Arabic)
            .unwrap(),
        None
    );
}

#[test]
fn related_articles_stay_in_their_edition() {
    let (engine, all) = mixed();
    for (article, language) in all.iter().step_by(7) {
        let related = engine.related(article, &[], 5).unwrap();
        assert!(!related.is_empty(), "{}", article.title);
        for id in related {
            assert_eq!(language_of(&all, id), *language, "{}", article.title);
        }
    }
}

/// The collection read as if it were Arabic: its articles and queries through the
/// Arabic edition's analysis (which folds, lowercases and knows ZWNJ but neither
/// English nor Persian stemming, stop words or detached affixes).
fn as_arabic(mut collection: Collection) -> Collection {
    collection.language = Language::Arabic;
    for (_, article) in &mut collection.articles {
        article.language = Language::Arabic;
    }
    collection
}

#[test]
fn the_arabic_analysis_misses_what_the_editions_analysis_finds() {
    // Guards the collections: they must exercise what English and Persian analysis add.
    let mut misses = Vec::new();
    for (name, collection, least) in [("en", english(), 10), ("fa", persian(), 12)] {
        let report = evaluate(&as_arabic(collection), Analysis::Bases).unwrap();
        println!(
            "{name} through Arabic analysis: recall@10 {:.3}, MRR {:.3}, {} failures",
            report.recall_at_10,
            report.mrr,
            report.failures.len()
        );
        for failure in &report.failures {
            println!("    {failure}");
        }
        misses.push((name, report.failures.len(), least));
    }
    for (name, misses, least) in misses {
        assert!(misses >= least, "{name}: {misses}");
    }
}

/// Title, lead and body, as a search result shows them.
fn shown_text(article: &Article) -> String {
    std::iter::once(article.title.clone())
        .chain(std::iter::once(article.lead.clone()))
        .chain(article.body.iter().map(|b| b.plain_text()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_article_found_has_the_readers_words_marked() {
    // Highlighting and the index read words with the same functions: whatever a
    // query finds shows marked words, and in English every word the query
    // requires (all but stop words) is marked in every article found.
    for collection in [english(), persian()] {
        let engine = SearchEngine::in_memory(Analysis::Bases).unwrap();
        let articles: Vec<Article> = collection.articles.iter().map(|(_, a)| a.clone()).collect();
        engine.apply(&articles, &[], 1).unwrap();
        let language = collection.language;
        let marks = |query: &SearchQuery, text: &str| {
            let highlighter = Highlighter::for_query(query, language);
            highlighter.mark(text).iter().filter(|f| f.marked).count()
        };
        let mut checked = 0;
        for case in &collection.queries {
            let query = parse_query(&case.query);
            let request = SearchRequest {
                query: query.clone(),
                limit: 100,
                edition: language,
                ..SearchRequest::default()
            };
            for id in engine.search(&request).unwrap().ids {
                let article = &articles[(id.0 - 1) as usize];
                let text = shown_text(article);
                assert!(
                    marks(&query, &text) > 0,
                    "{}: {}",
                    case.query,
                    article.title
                );
                checked += 1;
                if language != Language::English {
                    continue;
                }
                for term in &query.required {
                    let alone = SearchQuery {
                        required: vec![term.clone()],
                        excluded: Vec::new(),
                    };
                    let stop = english::tokenize(&term.raw)
                        .iter()
                        .all(|t| english::is_stop_word(&t.normalized));
                    assert!(
                        stop || marks(&alone, &text) > 0,
                        "{}: {} in {}",
                        case.query,
                        term.raw,
                        article.title
                    );
                }
            }
        }
        assert!(checked >= collection.queries.len(), "{language}: {checked}");
    }
}
