//! "Did you mean" and suggestions as the reader types, on the Arabic test collection.

use std::path::Path;

use nashir_core::search_query::parse_query;
use nashir_search::evaluation::load_collection;
use nashir_search::{Analysis, SearchEngine};

fn engine() -> (SearchEngine, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/search");
    let collection = load_collection(&dir).unwrap();
    let engine = SearchEngine::in_memory(Analysis::Bases).unwrap();
    let articles: Vec<_> = collection.articles.iter().map(|(_, a)| a.clone()).collect();
    engine.apply(&articles, &[], 1).unwrap();
    let names = collection.articles.into_iter().map(|(n, _)| n).collect();
    (engine, names)
}

#[test]
fn a_misspelt_word_is_corrected_from_the_index_vocabulary() {
    let (engine, names) = engine();
    // One letter swapped, one dropped, one doubled; the other words are kept.
    for (typed, want, article) in [
        ("الفيضانت عمان", "الفيضانات عمان", "61-oman-floods-april"),
        (
            "البنك المرزكي",
            "البنك المركزي",
            "03-egypt-central-bank-rates",
        ),
        ("ورزازاات", "ورزازات", "17-noor-ouarzazate-solar"),
    ] {
        let query = parse_query(typed);
        let found = engine.did_you_mean(&query).unwrap();
        let found = found.unwrap_or_else(|| panic!("no correction for {typed}"));
        assert_eq!(found.query, want, "{typed}");
        let hits = engine
            .search(&nashir_app::search::SearchRequest {
                query: parse_query(&found.query),
                limit: 10,
                ..Default::default()
            })
            .unwrap();
        let names: Vec<&str> = hits
            .ids
            .iter()
            .map(|id| names[id.0 as usize - 1].as_str())
            .collect();
        assert!(names.contains(&article), "{typed}: {names:?}");
    }
}

#[test]
fn known_words_and_gibberish_get_no_correction() {
    let (engine, _) = engine();
    for typed in [
        "البنك المركزي",
        "بمصر",
        "قثغفقثغف",
        "زلزال",
        "\"البنك المرزكي\"",
    ] {
        assert_eq!(
            engine.did_you_mean(&parse_query(typed)).unwrap(),
            None,
            "{typed}"
        );
    }
}

#[test]
fn suggestions_complete_the_word_being_typed() {
    let (engine, _) = engine();
    let titles = |typed: &str| -> Vec<String> {
        engine
            .suggest(typed, 8)
            .unwrap()
            .into_iter()
            .map(|s| s.title)
            .collect()
    };
    let solar = titles("ورزا");
    assert!(
        !solar.is_empty() && solar.iter().all(|t| t.contains("ورزازات")),
        "{solar:?}"
    );
    // Finished words must all match; the last is a prefix.
    let bank = titles("البنك المر");
    assert!(bank.iter().any(|t| t.contains("البنك المركزي")), "{bank:?}");
    assert!(bank.len() <= 8);
    // One letter, nothing found, or a finished word that nothing has: no suggestions.
    assert!(titles("ا").is_empty());
    assert!(titles("قثغفق").is_empty());
    assert!(titles("زلزال ال").is_empty());
    // Every suggestion carries its slug for the link.
    assert!(
        engine
            .suggest("ورزا", 8)
            .unwrap()
            .iter()
            .all(|s| !s.slug.is_empty())
    );
}
